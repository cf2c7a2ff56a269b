package dev.jupyship.snippets;

import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Snippet files for the tests: the repository's real folder, and small ones written on the fly. */
final class SnippetFiles {

    private SnippetFiles() {
    }

    static Path platform() {
        return Corpus.repository().resolve("snippets");
    }

    /** A valid snippet file's text with this id, requirements and code. */
    static String snippet(String id, String requires, String code) {
        return "---\nid: " + id + "\ntitle: Snippet " + id + "\ndescription: About " + id + ".\ntags: [test]\ncategory: test\n"
                + "version: \"1\"\nrequires: [" + requires + "]\n---\n\nNotes.\n\n```python\n" + code + "\n```\n";
    }

    static Path write(Path folder, String name, String text) throws IOException {
        Files.createDirectories(folder);
        return Files.writeString(folder.resolve(name), text, StandardCharsets.UTF_8);
    }
}
