package dev.jupyship.contract;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jupyship.json.Jsons;
import dev.jupyship.notebook.Cell;
import dev.jupyship.run.PythonEnvironment;
import dev.jupyship.run.PythonScript;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link CodeFacts} from CPython's own parser: one short {@code python} process per notebook runs
 * {@code notebook_facts.py}. It was the first implementation; {@link ParserCodeFacts} replaced it
 * and it stays here as the reference {@link ParserCodeFactsEquivalenceTest} compares against.
 */
final class CpythonCodeFacts implements CodeFacts {

    private static final PythonScript SCRIPT = PythonScript.load(CpythonCodeFacts.class, "notebook_facts.py");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final PythonEnvironment python;

    CpythonCodeFacts(PythonEnvironment python) {
        this.python = python;
    }

    @Override
    public List<CellFacts> analyze(List<Cell> cells, int parametersCell, Set<String> names) throws IOException {
        List<Map<String, Object>> sources = new ArrayList<>();
        for (Cell cell : cells) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", cell.index());
            entry.put("source", cell.source());
            sources.add(entry);
        }
        Map<String, Object> request = Map.of("cells", sources, "parameters_cell", parametersCell, "names", List.copyOf(names));
        String output;
        try {
            output = SCRIPT.run(python.python(), Jsons.MAPPER.writeValueAsString(request), null, TIMEOUT, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while analysing the notebook", e);
        }
        List<CellFacts> facts = new ArrayList<>();
        for (JsonNode cell : Jsons.MAPPER.readTree(output).get("cells")) {
            JsonNode error = cell.get("error");
            Position position = error == null || error.isNull() ? null
                    : new Position(error.get("line").asInt(), error.get("column").asInt(), error.get("message").asText());
            List<Assignment> assignments = new ArrayList<>();
            for (JsonNode a : cell.get("assignments")) {
                boolean literal = a.get("literal").asBoolean();
                Object value = literal && a.hasNonNull("value") ? Values.plain(Jsons.MAPPER.treeToValue(a.get("value"), Object.class)) : null;
                assignments.add(new Assignment(a.get("name").asText(), a.get("line").asInt(), a.get("column").asInt(), literal,
                        literal ? a.get("type").asText() : null, value));
            }
            List<NameEvent> events = new ArrayList<>();
            for (JsonNode e : cell.get("events")) {
                events.add(new NameEvent(e.get("name").asText(), "store".equals(e.get("kind").asText()), e.get("line").asInt(), e.get("column").asInt()));
            }
            List<String> strings = new ArrayList<>();
            cell.get("strings").forEach(s -> strings.add(s.asText()));
            facts.add(new CellFacts(cell.get("index").asInt(), position, assignments, events, strings));
        }
        return facts;
    }
}
