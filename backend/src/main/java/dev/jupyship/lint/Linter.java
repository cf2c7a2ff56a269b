package dev.jupyship.lint;

import dev.jupyship.notebook.Notebook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the rules over a notebook: configuration picks the rules and severities, suppressions are
 * honoured, and a rule that fails on odd input costs a note, not the whole lint. The same linter
 * answers the API, the CLI, the pre-commit hook and the deploy gate, so they agree.
 */
public final class Linter {

    private static final Logger LOG = Logger.getLogger(Linter.class.getName());
    public static final Comparator<Finding> BY_POSITION = Comparator.comparingInt(Finding::cell)
            .thenComparingInt(Finding::line).thenComparingInt(Finding::column).thenComparing(Finding::rule);

    private final List<Rule> rules;
    private final StandardLinter standard;

    /** Our rules only. */
    public Linter(List<Rule> rules) {
        this(rules, StandardLinter.NONE);
    }

    public Linter(List<Rule> rules, StandardLinter standard) {
        this.rules = List.copyOf(rules);
        this.standard = standard;
    }

    /** The same rules without the standard linter: for fast checks while people type. */
    public Linter withoutStandardLint() {
        return standard == StandardLinter.NONE ? this : new Linter(rules, StandardLinter.NONE);
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Lints a notebook.
     *
     * @param file the notebook's path, for per-file configuration (may be null)
     * @param name the notebook as named in results
     */
    public LintResult lint(Notebook notebook, Path file, String name, LintConfig config) {
        LintContext context = new LintContext(notebook, config.settings());
        List<String> notes = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : rules) {
            RuleInfo info = rule.info();
            if (!config.enabled(info.id(), file)) {
                continue;
            }
            context.startRule(info);
            int before = context.findings().size();
            try {
                rule.check(context);
            } catch (RuntimeException | StackOverflowError e) {
                LOG.log(Level.WARNING, "rule " + info.id() + " failed on " + name, e);
                notes.add("rule " + info.id() + " (" + info.name() + ") could not check this notebook: " + e);
                context.findings().subList(before, context.findings().size()).clear();
                continue;
            }
            Severity severity = config.severity(info);
            for (Finding finding : context.findings().subList(before, context.findings().size())) {
                if (!Suppressions.suppressed(finding, notebook)) {
                    findings.add(severity == finding.severity() ? finding : finding.withSeverity(severity));
                }
            }
        }
        StandardLinter.Result standardResult = standard.lint(notebook, file, name);
        notes.addAll(standardResult.notes());
        for (Finding finding : standardResult.findings()) {
            // ruff reads `# noqa` itself; a cell's tag or ignore metadata (the lint panel's "ignore in cell") only we know.
            if (config.enabledStandard(finding.rule(), file) && !Suppressions.suppressed(finding, notebook)) {
                findings.add(finding.withSeverity(config.severity(finding.rule(), finding.severity())));
            }
        }
        findings.sort(BY_POSITION);
        return new LintResult(name, findings, notes);
    }

    /**
     * Applies the safe fixes of the enabled fixable rules that found something, in place.
     *
     * @return the ids of the rules whose fix changed the notebook
     */
    public List<String> fix(Notebook notebook, Path file, String name, LintConfig config) {
        List<String> fixed = new ArrayList<>();
        for (Rule rule : rules) {
            RuleInfo info = rule.info();
            if (!info.fixable() || !config.enabled(info.id(), file)) {
                continue;
            }
            LintContext context = new LintContext(notebook, config.settings());
            context.startRule(info);
            rule.check(context);
            List<Finding> found = context.findings().stream().filter(finding -> !Suppressions.suppressed(finding, notebook)).toList();
            if (!found.isEmpty() && rule.fix(notebook, found)) {
                fixed.add(info.id());
            }
        }
        return fixed;
    }
}
