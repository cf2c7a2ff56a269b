package dev.jupyship.lint;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.jupyship.errors.BadInput;
import java.util.Locale;

/** How much a finding matters. Only errors fail {@code jupyship lint}, the hook, and the deploy gate. */
public enum Severity {
    ERROR, WARNING, INFO;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Severity parse(String text, String where) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInput(where + ": unknown severity '" + text + "'; use error, warning or info");
        }
    }
}
