package dev.jupyship.testing;

import java.nio.charset.StandardCharsets;

/** Small notebooks written by the tests themselves, in nbformat's own layout. */
public final class Notebooks {

    private Notebooks() {
    }

    /** A notebook whose cells are given as {type, source} pairs, e.g. {@code "code", "x = 1"}. */
    public static String of(String... typeAndSource) {
        StringBuilder cells = new StringBuilder();
        for (int i = 0; i < typeAndSource.length; i += 2) {
            String type = typeAndSource[i];
            cells.append(i == 0 ? "" : ",\n").append("  {\n   \"cell_type\": \"").append(type).append("\",\n");
            if (type.equals("code")) {
                cells.append("   \"execution_count\": null,\n");
            }
            cells.append("   \"metadata\": {},\n");
            if (type.equals("code")) {
                cells.append("   \"outputs\": [],\n");
            }
            cells.append("   \"source\": ").append(quote(typeAndSource[i + 1])).append("\n  }");
        }
        return "{\n \"cells\": [\n" + cells + "\n ],\n \"metadata\": {\n  \"kernelspec\": {\n   \"display_name\": \"Python 3\",\n"
                + "   \"language\": \"python\",\n   \"name\": \"python3\"\n  }\n },\n \"nbformat\": 4,\n \"nbformat_minor\": 5\n}\n";
    }

    public static byte[] bytes(String... typeAndSource) {
        return of(typeAndSource).getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
