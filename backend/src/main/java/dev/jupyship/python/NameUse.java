package dev.jupyship.python;

/**
 * A name read somewhere, and what it resolved to.
 *
 * @param binding what it resolved to; null for builtins and undefined names
 * @param cell the index of the cell it is in
 */
public record NameUse(String name, Span span, int cell, Scope scope, Binding binding) {
}
