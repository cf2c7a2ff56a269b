package dev.jupyship.lint;

/** The rule families, which also fix the ranges of rule ids (JS1xx is notebook state, and so on). */
public enum Family {
    NOTEBOOK_STATE("notebook state", "JS1"),
    BATCH_READINESS("batch readiness", "JS2"),
    REPRODUCIBILITY("reproducibility", "JS3"),
    SECURITY("security", "JS4"),
    HYGIENE("hygiene", "JS5"),
    CONTRACT("interface contract", "JS6");

    private final String title;
    private final String idPrefix;

    Family(String title, String idPrefix) {
        this.title = title;
        this.idPrefix = idPrefix;
    }

    public String title() {
        return title;
    }

    public String idPrefix() {
        return idPrefix;
    }
}
