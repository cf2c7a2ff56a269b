/**
 * The HTTP routes of each feature, one class per feature's routes (lint, rules, fix, export, review,
 * snippets, interface tests, deploy and runs): each reads its request, calls its feature, and writes
 * the answer as JSON. Errors are the features' own ({@code dev.jupyship.errors}), turned into
 * statuses by {@code api.ErrorMapper}; {@code server.Routes} puts the routes in one table.
 */
package dev.jupyship.api.endpoints;
