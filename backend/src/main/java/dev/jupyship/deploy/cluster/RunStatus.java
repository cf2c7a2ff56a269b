package dev.jupyship.deploy.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.jupyship.errors.BadInput;
import java.util.Locale;

/** Where a run is: queued and running are in flight, the rest are final. */
public enum RunStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this != QUEUED && this != RUNNING;
    }

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunStatus parse(String text) {
        try {
            return valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new BadInput("unknown run status '" + text + "': one of queued, running, succeeded, failed, cancelled");
        }
    }
}
