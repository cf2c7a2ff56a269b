package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.FixtureNotebook;
import dev.jupyship.testing.FixtureNotebook.Expectation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered rule against its fixtures in {@code lint-rules/fixtures/<ID>*.py}: it finds
 * exactly what the fixtures mark, nothing else, and its fix (if it has one) leaves nothing to find.
 * A new rule needs no new test code: its fixture is its test.
 */
class RuleFixturesTest {

    static Stream<Rule> rules() {
        return RuleRegistry.rules().stream();
    }

    static List<Path> fixtures(String ruleId) throws IOException {
        Path folder = Corpus.repository().resolve("lint-rules/fixtures");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.equals(ruleId + ".py") || (name.startsWith(ruleId + ".") && name.endsWith(".py"));
            }).sorted().toList();
        }
    }

    private static Set<Expectation> found(LintResult result) {
        Set<Expectation> found = new HashSet<>();
        result.findings().forEach(f -> found.add(new Expectation(f.cell(), f.isNotebookLevel() ? 1 : f.line(), f.rule())));
        return found;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void findsExactlyWhatItsFixturesMark(Rule rule) throws IOException {
        String id = rule.info().id();
        List<Path> fixtures = fixtures(id);
        assertFalse(fixtures.isEmpty(), "no fixture lint-rules/fixtures/" + id + ".py");
        Linter linter = new Linter(List.of(rule));
        int expected = 0;
        boolean cleanCase = false;
        for (Path fixture : fixtures) {
            FixtureNotebook notebook = FixtureNotebook.read(fixture);
            LintResult result = linter.lint(notebook.notebook(), null, fixture.getFileName().toString(), LintConfig.defaults());
            assertEquals(Set.copyOf(notebook.expectations()), found(result), fixture.getFileName() + ": " + result.findings());
            assertTrue(result.notes().isEmpty(), result.notes().toString());
            expected += notebook.expectations().size();
            Set<Integer> flagged = new HashSet<>();
            notebook.expectations().forEach(e -> flagged.add(e.cell()));
            boolean notebookLevel = flagged.contains(-1);
            cleanCase |= notebook.expectations().isEmpty()
                    || (!notebookLevel && notebook.notebook().cells().stream().anyMatch(cell -> !flagged.contains(cell.index())));
        }
        assertTrue(expected > 0, id + ": its fixtures mark no finding");
        assertTrue(cleanCase, id + ": its fixtures have no clean case (a cell, or a .clean.py fixture, with nothing to find)");
    }

    /**
     * A fixable rule's fix repairs every finding it marked fixable and leaves the rest (a rule may
     * find something its fix cannot repair, and says so on the finding, e.g. JS201 with no cell to tag).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void fixLeavesNothingToFind(Rule rule) throws IOException {
        if (!rule.info().fixable()) {
            return;
        }
        Linter linter = new Linter(List.of(rule));
        for (Path fixture : fixtures(rule.info().id())) {
            FixtureNotebook notebook = FixtureNotebook.read(fixture);
            List<Finding> before = linter.lint(notebook.notebook(), null, "fixture", LintConfig.defaults()).findings();
            List<Finding> unfixable = before.stream().filter(f -> !f.fixable()).toList();
            List<String> fixed = linter.fix(notebook.notebook(), null, "fixture", LintConfig.defaults());
            assertEquals(before.size() == unfixable.size() ? List.of() : List.of(rule.info().id()), fixed, fixture.toString());
            // Written and read back, the fixed notebook is valid, and only what the fix cannot repair is left.
            var reread = dev.jupyship.notebook.Notebook.parse(notebook.notebook().toBytes(), "fixed");
            assertEquals(unfixable, linter.lint(reread, null, "fixed", LintConfig.defaults()).findings(), fixture.toString());
        }
    }

    @org.junit.jupiter.api.Test
    void everyRuleHasOneDocAndFixturesAndEveryDocARule() throws IOException {
        Path docs = Corpus.repository().resolve("lint-rules");
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Rule rule : RuleRegistry.rules()) {
            String id = rule.info().id();
            assertTrue(ids.add(id), "duplicate rule id " + id);
            Path doc = docs.resolve(id + ".md");
            if (!Files.isRegularFile(doc)) {
                problems.add(id + ": no lint-rules/" + id + ".md");
                continue;
            }
            String text = Files.readString(doc);
            if (!text.startsWith("# " + id + " " + rule.info().name() + "\n")) {
                problems.add(id + ".md: must start with '# " + id + " " + rule.info().name() + "'");
            }
            for (String heading : List.of("## What it finds", "## Why it matters for batches", "## Example", "## How to fix")) {
                if (!text.contains("\n" + heading + "\n")) {
                    problems.add(id + ".md: missing '" + heading + "'");
                }
            }
            if (RuleDocs.html(id) == null) {
                problems.add(id + ": doc not packaged in the jar");
            }
        }
        try (Stream<Path> files = Files.list(docs)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.matches("[A-Z]+\\d+\\.md"))
                    .map(n -> n.substring(0, n.length() - 3)).filter(id -> !ids.contains(id))
                    .forEach(id -> problems.add(id + ".md documents no registered rule"));
        }
        try (Stream<Path> files = Files.list(docs.resolve("fixtures"))) {
            files.map(p -> p.getFileName().toString().replaceFirst("\\..*", "")).filter(id -> !ids.contains(id))
                    .forEach(id -> problems.add("fixtures/" + id + " belongs to no registered rule"));
        }
        assertEquals(List.of(), problems);
    }
}
