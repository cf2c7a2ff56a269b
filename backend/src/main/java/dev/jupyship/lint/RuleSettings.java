package dev.jupyship.lint;

import java.util.Map;

/** Per-rule numeric settings, e.g. {@code JS105.max-output-kb}: configured values over the defaults. */
public record RuleSettings(Map<String, Map<String, Long>> values) {

    public static final RuleSettings NONE = new RuleSettings(Map.of());

    public long number(String ruleId, String name, long fallback) {
        Map<String, Long> forRule = values.get(ruleId);
        Long value = forRule == null ? null : forRule.get(name);
        return value == null ? fallback : value;
    }
}
