package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.PythonEnv;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every code cell of the shared corpus parses without an exception, and the cells our parser
 * reports errors in are exactly the cells CPython (3.11, through IPython's input transformers)
 * rejects, apart from the differences listed in {@link #KNOWN_DIFFERENCES} with their reason.
 */
class CorpusParseTest {

    /** "notebook#cell" → why our verdict differs from CPython 3.11's. */
    static final Map<String, String> KNOWN_DIFFERENCES = Map.of();

    private static final String SHAP_SURVIVAL =
            "large/shap__shap/notebooks__tabular_examples__tree_based_models__tree_shap_paper__Figures 8-11 NHANES I Survival Model-Copy1.ipynb";

    /** Every cell of the corpus that holds a real syntax error, and what the error is. */
    static final Map<String, String> REAL_ERRORS = Map.ofEntries(
            Map.entry("notebooks/nteract__papermill/papermill__tests__notebooks__broken.ipynb#0", "Python 2 print statement (a deliberately broken papermill fixture)"),
            Map.entry("notebooks/nteract__papermill/papermill__tests__notebooks__broken.ipynb#2", "Python 2 print statement"),
            Map.entry("notebooks/nteract__papermill/papermill__tests__notebooks__broken1.ipynb#7", "Python 2 print statement"),
            Map.entry("notebooks/nteract__papermill/papermill__tests__notebooks__broken2.ipynb#2", "Python 2 print statement"),
            Map.entry("notebooks/nteract__papermill/papermill__tests__notebooks__complex_parameters.ipynb#0", "a line `= 2` (deliberately broken fixture)"),
            Map.entry("notebooks/recommenders-team__recommenders/examples__00_quick_start__rbm_movielens.ipynb#3", "f-string missing its closing quote"),
            Map.entry("notebooks/recommenders-team__recommenders/examples__run_notebook_on_azureml.ipynb#5", "missing comma between keyword arguments"),
            Map.entry("notebooks/shap__shap/notebooks__tabular_examples__tree_based_models__tree_shap_paper__Performance comparison.ipynb#8", "unmatched ')'"),
            Map.entry(SHAP_SURVIVAL + "#47", "unclosed '(' in a work-in-progress cell"),
            Map.entry(SHAP_SURVIVAL + "#48", "`M = ` with no value"),
            Map.entry(SHAP_SURVIVAL + "#72", "`xgboost.` with no attribute"));

    record CorpusCell(String id, String source, ParsedCell parsed) {
    }

    static List<CorpusCell> corpusCells() throws Exception {
        List<CorpusCell> cells = new ArrayList<>();
        for (Path file : Corpus.notebooks()) {
            Notebook notebook;
            try {
                notebook = Notebook.read(file);
            } catch (RuntimeException unreadable) {
                continue; // nbformat 3 and the deliberately invalid files of the corpus
            }
            if (!notebook.language().equals("python")) {
                continue;
            }
            for (Cell cell : notebook.cells()) {
                if (cell.isCode()) {
                    String id = Corpus.name(file) + "#" + cell.index();
                    cells.add(new CorpusCell(id, cell.source(), ParsedCell.parse(cell.index(), cell.source())));
                }
            }
        }
        return cells;
    }

    @Test
    void everyCellParsesAndErrorCellsAreTheOnesCPythonRejects() throws Exception {
        List<CorpusCell> cells = corpusCells();
        Map<String, String> ours = new TreeMap<>();
        for (CorpusCell cell : cells) {
            List<Stmt.ErrorStmt> errors = cell.parsed().module().errors();
            if (!errors.isEmpty()) {
                ours.put(cell.id(), errors.get(0).toString());
            }
        }
        System.out.printf("corpus: %d code cells parsed, %d with errors%n", cells.size(), ours.size());
        ours.forEach((id, error) -> System.out.println("  error " + id + ": " + error));
        assertEquals(new TreeMap<>(REAL_ERRORS).keySet(), ours.keySet(), "cells with syntax errors");

        Map<String, String> cpython = cpythonVerdicts(cells);
        Map<String, String> unexplained = new TreeMap<>();
        for (CorpusCell cell : cells) {
            boolean weReject = ours.containsKey(cell.id());
            boolean theyReject = cpython.get(cell.id()) != null;
            if (weReject != theyReject) {
                String difference = (weReject ? "only we reject: " + ours.get(cell.id()) : "only CPython rejects: " + cpython.get(cell.id()));
                System.out.println("  differs " + cell.id() + ": " + difference
                        + (KNOWN_DIFFERENCES.containsKey(cell.id()) ? " [known: " + KNOWN_DIFFERENCES.get(cell.id()) + "]" : ""));
                if (!KNOWN_DIFFERENCES.containsKey(cell.id())) {
                    unexplained.put(cell.id(), difference + "\n" + cell.source());
                }
            }
        }
        long cpythonRejects = cpython.values().stream().filter(v -> v != null).count();
        System.out.printf("CPython 3.11 rejects %d cells; we reject %d; %d differ (%d known)%n", cpythonRejects, ours.size(),
                unexplained.size() + KNOWN_DIFFERENCES.size(), KNOWN_DIFFERENCES.size());
        assertEquals(Map.of(), unexplained, "cells where our parser and CPython disagree");
    }

    /** Runs the helper once for the whole corpus. */
    static Map<String, String> cpythonVerdicts(List<CorpusCell> cells) throws Exception {
        Path python = PythonEnv.program("python");
        Path script = Files.createTempFile("cpython_accepts", ".py");
        Path input = Files.createTempFile("cells", ".json");
        try (InputStream resource = CorpusParseTest.class.getResourceAsStream("cpython_accepts.py")) {
            Files.write(script, resource.readAllBytes());
        }
        List<Map<String, String>> payload = new ArrayList<>();
        for (CorpusCell cell : cells) {
            payload.add(Map.of("id", cell.id(), "source", cell.source()));
        }
        ObjectMapper json = new ObjectMapper();
        json.writeValue(input.toFile(), payload);
        Process process = new ProcessBuilder(python.toString(), script.toString()).redirectInput(input.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the CPython helper did not finish");
        assertEquals(0, process.exitValue(), "the CPython helper failed: " + new String(output, StandardCharsets.UTF_8));
        Files.deleteIfExists(script);
        Files.deleteIfExists(input);
        Map<String, String> verdicts = json.readValue(output, new TypeReference<HashMap<String, String>>() { });
        return new LinkedHashMap<>(verdicts);
    }
}
