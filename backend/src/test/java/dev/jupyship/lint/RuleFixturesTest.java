package dev.jupyship.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.lint.rules.RuleRegistry;
import dev.jupyship.testing.Corpus;
import dev.jupyship.testing.FixtureNotebook.Expectation;
import dev.jupyship.testing.FixtureNotebook;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every registered rule against its fixtures in {@code lint-rules/fixtures/<ID>*.py}: it finds
 * exactly what the fixtures mark, in order, each at its cell, line and column, duplicates included,
 * and nothing else; its fix (if it has one) writes exactly the notebook of {@code <fixture>.fixed.ipynb}
 * (cells, outputs, metadata) and leaves nothing fixable to find. A new rule needs no new test code:
 * its fixture is its test.
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

    private static final Comparator<Expectation> BY_POSITION = Comparator.comparingInt(Expectation::cell)
            .thenComparingInt(Expectation::line).thenComparingInt(Expectation::column).thenComparing(Expectation::rule);

    /** What the fixture marks, {@code ID@cell:line:column}, in the order the linter reports findings. */
    private static List<String> expected(FixtureNotebook notebook) {
        return notebook.expectations().stream().sorted(BY_POSITION).map(Expectation::toString).toList();
    }

    /** The findings as the linter lists them, {@code ID@cell:line:column}. */
    private static List<String> found(List<Finding> findings) {
        return findings.stream().map(f -> new Expectation(f.cell(), f.line(), f.column(), f.rule()).toString()).toList();
    }

    /** The notebook a fixture's fix must write: {@code JS201.py} → {@code JS201.fixed.ipynb}. */
    static Path fixedNotebook(Path fixture) {
        String name = fixture.getFileName().toString();
        return fixture.resolveSibling(name.substring(0, name.length() - ".py".length()) + ".fixed.ipynb");
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
            assertEquals(expected(notebook), found(result.findings()), fixture.getFileName().toString());
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
     * A fixable rule's fix writes exactly the notebook its fixture's {@code .fixed.ipynb} holds, repairs
     * every finding it marked fixable and leaves the rest (a rule may find something its fix cannot
     * repair, and says so on the finding, e.g. JS201 with no cell to tag). A fixture where the fix has
     * nothing to do must come out byte for byte as it went in. A missing {@code .fixed.ipynb} fails the
     * test, with the notebook the fix wrote in {@code target/fixed-fixtures/} to review and copy.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void fixWritesExactlyTheExpectedNotebook(Rule rule) throws IOException {
        if (!rule.info().fixable()) {
            return;
        }
        Linter linter = new Linter(List.of(rule));
        int checked = 0;
        for (Path fixture : fixtures(rule.info().id())) {
            FixtureNotebook notebook = FixtureNotebook.read(fixture);
            String original = text(notebook.notebook().toBytes());
            List<Finding> before = linter.lint(notebook.notebook(), null, "fixture", LintConfig.defaults()).findings();
            List<Finding> unfixable = before.stream().filter(f -> !f.fixable()).toList();
            List<String> fixed = linter.fix(notebook.notebook(), null, "fixture", LintConfig.defaults());
            assertEquals(before.size() == unfixable.size() ? List.of() : List.of(rule.info().id()), fixed, fixture.toString());
            String written = text(notebook.notebook().toBytes());
            Path expected = fixedNotebook(fixture);
            if (fixed.isEmpty()) {
                assertEquals(original, written, fixture + ": nothing to fix, yet the notebook changed");
                assertFalse(Files.exists(expected), expected + ": the fix has nothing to do on " + fixture.getFileName());
            } else {
                if (!Files.exists(expected)) {
                    Path review = Files.createDirectories(Path.of("target/fixed-fixtures")).resolve(expected.getFileName());
                    Files.writeString(review, written, StandardCharsets.UTF_8);
                }
                assertTrue(Files.exists(expected), "no " + expected + ": the fix's notebook is in target/fixed-fixtures/ to review");
                assertEquals(Files.readString(expected, StandardCharsets.UTF_8), written, fixture + ": the fixed notebook");
                checked++;
            }
            // Read back, the fixed notebook is valid, and only what the fix cannot repair is left.
            var reread = dev.jupyship.notebook.Notebook.parse(notebook.notebook().toBytes(), "fixed");
            assertEquals(found(unfixable), found(linter.lint(reread, null, "fixed", LintConfig.defaults()).findings()), fixture.toString());
        }
        assertTrue(checked > 0, rule.info().id() + ": no fixture where its fix changes the notebook");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @org.junit.jupiter.api.Test
    void everyRuleHasOneDocAndFixturesAndEveryDocARule() throws IOException {
        Path docs = Corpus.repository().resolve("lint-rules");
        Set<String> ids = new HashSet<>();
        Set<String> fixable = new HashSet<>();
        List<String> problems = new ArrayList<>();
        for (Rule rule : RuleRegistry.rules()) {
            String id = rule.info().id();
            assertTrue(ids.add(id), "duplicate rule id " + id);
            if (rule.info().fixable()) {
                fixable.add(id);
            }
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
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (!ids.contains(name.replaceFirst("\\..*", ""))) {
                    problems.add("fixtures/" + name + " belongs to no registered rule");
                } else if (name.endsWith(".fixed.ipynb") && (!fixable.contains(name.replaceFirst("\\..*", ""))
                        || !Files.exists(file.resolveSibling(name.replace(".fixed.ipynb", ".py"))))) {
                    problems.add("fixtures/" + name + " is the fixed notebook of no fixture of a fixable rule");
                } else if (!name.endsWith(".py") && !name.endsWith(".fixed.ipynb")) {
                    problems.add("fixtures/" + name + " is neither a fixture (.py) nor a fixed notebook (.fixed.ipynb)");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
