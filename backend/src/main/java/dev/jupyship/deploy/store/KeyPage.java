package dev.jupyship.deploy.store;

import java.util.List;

/**
 * One page of a paged {@link ArtifactStore#list(String, int, String)}: keys in the stores' order, and
 * where the next page starts.
 *
 * @param keys the page's keys, sorted
 * @param next what to pass as {@code after} for the following page (the page's last key), or null on the last page
 */
public record KeyPage(List<String> keys, String next) {

    public KeyPage {
        keys = List.copyOf(keys);
    }
}
