package dev.jupyship.alerts;

import dev.jupyship.errors.BadInput;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an alert is about: the names a webhook's {@code events} list uses and its payloads carry. */
public enum AlertKind {
    RUN_FAILED("Run failed"),
    METRIC_OUT_OF_BOUNDS("Metric out of bounds"),
    NOT_PROMOTED("Not promoted"),
    RUN_TOO_LONG("Run too long"),
    SCHEDULE_MISSED("Schedule missed"),
    MODEL_NOT_SERVED("Model not served");

    private final String title;

    AlertKind(String title) {
        this.title = title;
    }

    /** {@code run_failed}: the name in the configuration and in the payloads. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "Run failed": a chat message's heading. */
    public String title() {
        return title;
    }

    /** The kind a configuration names; {@code where} says which setting, for the refusal. */
    public static AlertKind parse(String text, String where) {
        for (AlertKind kind : values()) {
            if (kind.label().equals(text)) {
                return kind;
            }
        }
        throw new BadInput(where + ": unknown event '" + text + "': one of " + labels());
    }

    static String labels() {
        return Arrays.stream(values()).map(AlertKind::label).collect(Collectors.joining(", "));
    }
}
