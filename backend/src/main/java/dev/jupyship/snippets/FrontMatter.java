package dev.jupyship.snippets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A snippet's YAML front matter, read into typed fields with the file line of every problem.
 *
 * <p>snakeyaml-engine composes the YAML into nodes that keep their position, so a wrong field is
 * reported at its own line, and it follows YAML 1.2 (a tag {@code no} stays the string "no").
 */
final class FrontMatter {

    static final Set<String> KEYS = Set.of("id", "title", "description", "tags", "category", "version", "packages",
            "requires", "runnable");
    private static final Set<String> REQUIRED = Set.of("id", "title", "description", "tags", "category", "version");
    static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    final Map<String, Object> values = new LinkedHashMap<>();
    final Map<String, Integer> lines = new LinkedHashMap<>();

    /**
     * @param yaml      the text between the {@code ---} lines
     * @param firstLine the file line of the YAML's first line
     */
    static FrontMatter read(String yaml, int firstLine, String file, List<SnippetProblem> problems) {
        FrontMatter front = new FrontMatter();
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(yaml);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> firstLine + m.getLine()).orElse(firstLine);
            String context = e.getContext() == null || e.getContextMark().isEmpty() ? ""
                    : " (" + oneLine(e.getContext()) + " at line " + (firstLine + e.getContextMark().get().getLine()) + ")";
            problems.add(new SnippetProblem(file, line, "invalid YAML in the front matter: " + oneLine(e.getProblem()) + context));
            return front;
        } catch (YamlEngineException e) {
            problems.add(new SnippetProblem(file, firstLine, "invalid YAML in the front matter: " + oneLine(e.getMessage())));
            return front;
        }
        if (root.isEmpty() || !(root.get() instanceof MappingNode mapping)) {
            problems.add(new SnippetProblem(file, firstLine, "the front matter must be YAML key: value lines (id, title, ...)"));
            return front;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            int line = line(tuple.getKeyNode(), firstLine);
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.add(new SnippetProblem(file, line, "front matter keys must be plain words"));
                continue;
            }
            String key = keyNode.getValue();
            if (!KEYS.contains(key)) {
                problems.add(new SnippetProblem(file, line, "unknown front matter key '" + key + "' (known: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")"));
                continue;
            }
            if (front.lines.containsKey(key)) {
                problems.add(new SnippetProblem(file, line, "'" + key + "' is given twice (first at line " + front.lines.get(key) + ")"));
                continue;
            }
            front.lines.put(key, line);
            Object value = value(key, tuple.getValueNode(), firstLine, file, problems);
            if (value != null) {
                front.values.put(key, value);
            }
        }
        for (String key : REQUIRED.stream().sorted().toList()) {
            if (!front.lines.containsKey(key)) {
                problems.add(new SnippetProblem(file, firstLine - 1, "the front matter has no '" + key + "'"));
            }
        }
        return front;
    }

    private static Object value(String key, Node node, int firstLine, String file, List<SnippetProblem> problems) {
        int line = line(node, firstLine);
        switch (key) {
            case "tags", "packages", "requires" -> {
                List<String> items = new ArrayList<>();
                if (node instanceof ScalarNode scalar && isNull(scalar)) {
                    return items;
                }
                if (!(node instanceof SequenceNode sequence)) {
                    problems.add(new SnippetProblem(file, line, "'" + key + "' must be a list, like " + key + ": [a, b]"));
                    return null;
                }
                for (Node item : sequence.getValue()) {
                    if (!(item instanceof ScalarNode scalar) || scalar.getValue().isBlank()) {
                        problems.add(new SnippetProblem(file, line(item, firstLine), "'" + key + "' items must be words"));
                        return null;
                    }
                    String text = scalar.getValue().trim();
                    String error = switch (key) {
                        case "requires" -> ID.matcher(text).matches() ? null : "'" + text + "' is not a snippet id";
                        case "packages" -> PACKAGE.matcher(text).matches() ? null
                                : "'" + text + "' is not a PyPI package name (give names only: versions are pinned in the image)";
                        default -> null;
                    };
                    if (error != null) {
                        problems.add(new SnippetProblem(file, line(item, firstLine), error));
                        return null;
                    }
                    items.add(key.equals("tags") ? text.toLowerCase(java.util.Locale.ROOT) : text);
                }
                return items;
            }
            case "runnable" -> {
                if (node instanceof ScalarNode scalar && (scalar.getValue().equals("true") || scalar.getValue().equals("false"))) {
                    return Boolean.valueOf(scalar.getValue());
                }
                problems.add(new SnippetProblem(file, line, "'runnable' must be true or false"));
                return null;
            }
            default -> {
                if (!(node instanceof ScalarNode scalar) || isNull(scalar) || scalar.getValue().isBlank()) {
                    problems.add(new SnippetProblem(file, line, "'" + key + "' must be a non-empty text"));
                    return null;
                }
                String text = scalar.getValue().strip();
                if (key.equals("id") && !ID.matcher(text).matches()) {
                    problems.add(new SnippetProblem(file, line, "id '" + text + "' must be lowercase letters and digits joined by '-', like save-model"));
                    return null;
                }
                if (key.equals("title") && text.contains("\n")) {
                    problems.add(new SnippetProblem(file, line, "'title' must be one line"));
                    return null;
                }
                return key.equals("category") ? text.toLowerCase(java.util.Locale.ROOT) : text;
            }
        }
    }

    private static boolean isNull(ScalarNode scalar) {
        return scalar.isPlain() && (scalar.getValue().isEmpty() || scalar.getValue().equals("null") || scalar.getValue().equals("~"));
    }

    private static int line(Node node, int firstLine) {
        return node.getStartMark().map(Mark::getLine).map(l -> firstLine + l).orElse(firstLine);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    String text(String key) {
        return (String) values.get(key);
    }

    @SuppressWarnings("unchecked")
    List<String> list(String key) {
        return (List<String>) values.getOrDefault(key, List.of());
    }

    int line(String key) {
        return lines.getOrDefault(key, 1);
    }
}
