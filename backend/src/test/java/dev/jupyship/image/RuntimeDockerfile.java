package dev.jupyship.image;

import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** image/Dockerfile read as the tests of the runtime's definition need it: its instructions and what it copies where. */
final class RuntimeDockerfile {

    private RuntimeDockerfile() {
    }

    /** The Dockerfile's instructions, continuation lines joined, comments left out. */
    static List<String> instructions() throws IOException {
        List<String> result = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readString(Corpus.repository().resolve("image/Dockerfile")).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            result.add(current.toString().strip());
            current.setLength(0);
        }
        return result;
    }

    /**
     * COPY instructions from the build context: destination in the image to source in the repository. A
     * stage copied whole into the image ({@code COPY --from=files / /opt/jupyship/}) puts its copies under
     * that folder.
     */
    static Map<String, String> copiesFromContext() throws IOException {
        Map<String, String> wholeStages = new LinkedHashMap<>();
        for (String instruction : instructions()) {
            Matcher whole = Pattern.compile("COPY --from=(\\S+) / (\\S+)").matcher(instruction);
            if (whole.matches()) {
                wholeStages.put(whole.group(1), whole.group(2).replaceAll("/$", ""));
            }
        }
        Map<String, String> copies = new LinkedHashMap<>();
        String stage = "";
        for (String instruction : instructions()) {
            Matcher from = Pattern.compile("FROM \\S+(?: AS (\\S+))?").matcher(instruction);
            if (from.matches()) {
                stage = from.group(1) == null ? "" : from.group(1);
            }
            if (!instruction.startsWith("COPY ") || instruction.contains("--from=")) {
                continue;
            }
            List<String> words = List.of(instruction.substring(5).strip().split("\\s+"));
            String dest = wholeStages.getOrDefault(stage, "") + words.get(words.size() - 1);
            List<String> sources = words.subList(0, words.size() - 1);
            for (String source : sources) {
                String target = dest.endsWith("/") ? dest + Path.of(source).getFileName() : dest;
                copies.put(target, source);
            }
        }
        return copies;
    }

    /** Paths the image holds: copied from the context or from a build stage. */
    static Set<String> installed() throws IOException {
        Set<String> paths = new LinkedHashSet<>(copiesFromContext().keySet());
        for (String instruction : instructions()) {
            // A stage copied whole counts by what it copied, above, not as all of its destination.
            if (instruction.startsWith("COPY ") && instruction.contains("--from=") && !instruction.matches("COPY --from=\\S+ / \\S+")) {
                String[] words = instruction.split("\\s+");
                paths.add(words[words.length - 1]);
            }
        }
        return paths;
    }
}
