package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.notebook.Notebook;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The static contract check on every example: passing examples have no findings, each broken one
 * has exactly the finding its metadata expects; plus the subtle cases of the reassignment rule.
 */
class StaticContractCheckTest {

    private static StaticContractCheck check() {
        return new StaticContractCheck(new ParserCodeFacts());
    }

    static Stream<Path> passing() {
        return Examples.passing().stream();
    }

    static Stream<Examples.Expectation> brokenStatically() {
        return Examples.broken().stream().filter(e -> e.finding() != null);
    }

    static Stream<Examples.Expectation> brokenWhenRun() {
        return Examples.broken().stream().filter(e -> e.finding() == null);
    }

    @ParameterizedTest
    @MethodSource("passing")
    void passingExamplesKeepTheirContract(Path notebook) throws Exception {
        StaticContractCheck.Result result = check().check(Notebook.read(notebook));
        assertTrue(result.passed(), result.findings().toString());
    }

    @ParameterizedTest
    @MethodSource("brokenStatically")
    void eachStaticallyBrokenExampleHasItsFinding(Examples.Expectation expected) throws Exception {
        List<ContractFinding> findings = check().check(Notebook.read(expected.notebook())).findings();
        assertEquals(1, findings.size(), findings.toString());
        assertEquals(expected.finding(), findings.get(0).id(), findings.toString());
        if (expected.message() != null) {
            assertTrue(findings.get(0).message().contains(expected.message()), findings.get(0).message());
        }
    }

    @ParameterizedTest
    @MethodSource("brokenWhenRun")
    void examplesBrokenOnlyWhenRunPassTheStaticCheck(Examples.Expectation expected) throws Exception {
        StaticContractCheck.Result result = check().check(Notebook.read(expected.notebook()));
        assertTrue(result.passed(), result.findings().toString());
    }

    private static final String CONTRACT = "{\"jupyship\": {\"contract\": {\"parameters\": {\"seed\": {\"type\": \"int\"}, "
            + "\"rate\": {\"type\": \"float\", \"max\": 1}, \"day\": {\"type\": \"date\"}}}}}";

    private static List<ContractFinding> findings(String... cells) throws Exception {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < cells.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"execution_count\": null, \"outputs\": [], \"metadata\": ")
                    .append(i == 0 ? "{\"tags\": [\"parameters\"]}" : "{}").append(", \"source\": ")
                    .append(dev.jupyship.json.Jsons.MAPPER.writeValueAsString(cells[i])).append("}");
        }
        json.append("], \"metadata\": ").append(CONTRACT).append(", \"nbformat\": 4, \"nbformat_minor\": 5}");
        return check().check(Notebook.parse(json.toString().getBytes(StandardCharsets.UTF_8), "t.ipynb")).findings();
    }

    @Test
    void usesBeforeReassignmentAndLocalNamesAreFine() throws Exception {
        assertEquals(List.of(), findings("seed = 1\nrate = 0.5\nday = '2026-01-01'",
                "%matplotlib inline\nseed = seed + 1\nrate *= 2",
                "def f(day):\n    day = 3\n    return day\nvalues = [seed for seed in range(3)]\nday = day.replace('-', '')"));
    }

    @Test
    void findsReassignmentsWherePythonWouldMakeThem() throws Exception {
        List<ContractFinding> found = findings("seed = 1\nrate = 0.5\nday = '2026-01-01'",
                "import numpy as np\nfor seed in range(3):\n    pass",
                "x = [rate for _ in range(2)]\nfrom datetime import date as day");
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.get(0).toString().startsWith("cell 1, line 2, col 5: JS605 "), found.get(0).toString());
        assertEquals("JS605", found.get(1).id());
        assertEquals(2, (int) found.get(1).cell());
    }

    @Test
    void defaultsMustBeLiteralsOfTheTypeWithinBounds() throws Exception {
        List<ContractFinding> found = findings("import os\nseed = int(os.environ['SEED'])\nrate = 1.5\nday = '31/01/2026'");
        assertEquals(List.of("JS604", "JS604", "JS604"), found.stream().map(ContractFinding::id).toList());
        assertTrue(found.get(0).message().contains("not a literal"), found.toString());
        assertTrue(found.get(1).message().contains("above the maximum"), found.toString());
        assertTrue(found.get(2).message().contains("ISO date"), found.toString());
        assertEquals(2, found.get(0).line());
    }

    @Test
    void aCellThatDoesNotParseIsReported() throws Exception {
        List<ContractFinding> found = findings("seed = 1\nrate = 0.5\nday = '2026-01-01'", "def broken(:\n    pass");
        assertEquals("JS607", found.get(0).id());
        assertEquals(1, found.get(0).line());
    }

    @Test
    void outputNamesMatchLiteralsAndFStrings() {
        assertTrue(StaticContractCheck.named("model.pkl", List.of("models", "model.pkl")));
        assertTrue(StaticContractCheck.named("predictions_*.csv", List.of("out/predictions_2026.csv")));
        assertTrue(StaticContractCheck.named("model_v2.pkl", List.of("model_*.pkl")));
        assertTrue(!StaticContractCheck.named("metrics.json", List.of("scores.json", "metrics")));
    }
}
