package dev.jupyship.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.jupyship.errors.BadInput;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A cron expression of Unix's five fields (minute, hour, day of month, month, day of week) in a time
 * zone, and the times it names ("slots"). Parsed by cron-utils; an invalid expression is a
 * {@link BadInput} naming the field at fault.
 *
 * <p>The fields are read as wall-clock times of the zone, as cron does: a time the clocks skip when
 * they go forward (02:30 on a spring-forward night in Europe/Paris) runs at the first moment after the
 * gap (03:30 local), not a day later; in the hour repeated when the clocks go back, a time runs once,
 * at its first occurrence.
 */
public final class CronSchedule {

    /** The fields' names, in order, as errors name them. */
    static final List<String> FIELDS = List.of("minute", "hour", "day-of-month", "month", "day-of-week");
    private static final ZoneId UTC = ZoneId.of("UTC");
    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** A cron expression that names no time (the 30th of February) would loop forever: wall-clock steps are bounded. */
    private static final int MAX_STEPS = 10_000;
    /**
     * Wider than any clock change (an hour almost everywhere): a slot moved forward by a gap lies after
     * later wall-clock times, and one in a repeated hour before them, so searches start this far out.
     */
    private static final Duration AROUND = Duration.ofHours(3);

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime wallClock;

    private CronSchedule(String expression, ZoneId zone, ExecutionTime wallClock) {
        this.expression = expression;
        this.zone = zone;
        this.wallClock = wallClock;
    }

    /**
     * Parses the expression in the zone (null or blank: UTC). {@link BadInput} for an expression that
     * is not five valid fields, naming the field at fault, or for an unknown zone.
     */
    public static CronSchedule parse(String expression, String timeZone) {
        ZoneId zone = zone(timeZone);
        if (expression == null || expression.isBlank()) {
            throw new BadInput("a cron expression is required: five fields (" + String.join(" ", FIELDS) + "), e.g. \"0 3 * * *\"");
        }
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != FIELDS.size()) {
            throw new BadInput("cron '" + expression + "' has " + fields.length + " field" + (fields.length == 1 ? "" : "s")
                    + "; it needs five: " + String.join(" ", FIELDS) + " (e.g. \"0 3 * * *\")");
        }
        String normalized = String.join(" ", fields);
        Cron cron;
        try {
            cron = PARSER.parse(normalized).validate();
        } catch (IllegalArgumentException invalid) {
            throw new BadInput(faultyField(expression, fields, invalid));
        }
        ExecutionTime times = ExecutionTime.forCron(cron);
        CronSchedule schedule = new CronSchedule(normalized, zone, times);
        if (schedule.next(Instant.EPOCH).isEmpty()) {
            throw new BadInput("cron '" + expression + "' names no time that exists (such as the 30th of February)");
        }
        return schedule;
    }

    /** The zone, UTC when none is given; {@link BadInput} for one that is not a known region or offset. */
    static ZoneId zone(String timeZone) {
        if (timeZone == null || timeZone.isBlank()) {
            return UTC;
        }
        try {
            return ZoneId.of(timeZone.trim());
        } catch (DateTimeException unknown) {
            throw new BadInput("time zone '" + timeZone + "' is not known: use a region such as Europe/Paris, or UTC");
        }
    }

    /** Each field alone in an otherwise valid expression: the first that still fails is the one to name. */
    private static String faultyField(String expression, String[] fields, IllegalArgumentException invalid) {
        for (int i = 0; i < fields.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = fields[i];
            try {
                PARSER.parse(String.join(" ", alone)).validate();
            } catch (IllegalArgumentException atFault) {
                return "cron '" + expression + "': the " + FIELDS.get(i) + " field '" + fields[i] + "' is not valid ("
                        + reason(atFault) + ")";
            }
        }
        return "cron '" + expression + "' is not valid (" + reason(invalid) + ")";
    }

    /** cron-utils' message without its preamble. */
    private static String reason(IllegalArgumentException error) {
        String message = String.valueOf(error.getMessage());
        return message.replace("Failed to parse cron expression. ", "").replaceAll("\\s*Expression: .*$", "").trim();
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first slot strictly after the instant; empty only for an expression with no time (refused by {@link #parse}). */
    public Optional<Instant> next(Instant after) {
        return walk(LocalDateTime.ofInstant(after.minus(AROUND), zone), wallClock::nextExecution, slot -> slot.isAfter(after));
    }

    /** The newest slot at or before the instant, if any. */
    public Optional<Instant> latestAtOrBefore(Instant at) {
        LocalDateTime from = LocalDateTime.ofInstant(at.plus(AROUND), zone).plusMinutes(1).withSecond(0).withNano(0);
        return walk(from, wallClock::lastExecution, slot -> !slot.isAfter(at));
    }

    /** Steps through the wall-clock matches from {@code wall} until one, placed in the zone, is wanted. */
    private Optional<Instant> walk(LocalDateTime wall, Function<ZonedDateTime, Optional<ZonedDateTime>> step, Predicate<Instant> wanted) {
        for (int count = 0; count < MAX_STEPS; count++) {
            Optional<ZonedDateTime> match = step.apply(wall.atZone(ZoneOffset.UTC));
            if (match.isEmpty()) {
                return Optional.empty();
            }
            wall = match.get().toLocalDateTime();
            // a gap moves the time forward by the gap; an overlap takes the earlier offset
            Instant slot = ZonedDateTime.of(wall, zone).toInstant();
            if (wanted.test(slot)) {
                return Optional.of(slot);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return expression + " (" + zone + ")";
    }
}
