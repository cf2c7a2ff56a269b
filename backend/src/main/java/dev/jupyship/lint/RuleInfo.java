package dev.jupyship.lint;

/**
 * What a rule is, in code: its id, a kebab-case name, the one-line summary shown in lists, its
 * family and default severity, and whether {@code --fix} can repair what it finds. The prose
 * lives in {@code lint-rules/<id>.md}.
 */
public record RuleInfo(String id, String name, String summary, Family family, Severity severity, boolean fixable) {

    public RuleInfo {
        if (!id.matches("JS[1-9]\\d\\d") || !id.startsWith(family.idPrefix())) {
            throw new IllegalArgumentException("rule id " + id + " does not fit family " + family);
        }
    }

    public static RuleInfo of(String id, String name, Family family, Severity severity, String summary) {
        return new RuleInfo(id, name, summary, family, severity, false);
    }

    public RuleInfo withFix() {
        return new RuleInfo(id, name, summary, family, severity, true);
    }
}
