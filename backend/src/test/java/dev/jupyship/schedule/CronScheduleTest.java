package dev.jupyship.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jupyship.errors.BadInput;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cron expressions: errors that name the field, slots in UTC and in a zone, across both daylight-saving changes. */
class CronScheduleTest {

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private static String error(String expression, String zone) {
        return assertThrows(BadInput.class, () -> CronSchedule.parse(expression, zone)).getMessage();
    }

    @Test
    void anInvalidExpressionNamesTheFieldAtFault() {
        assertEquals("cron '61 3 * * *': the minute field '61' is not valid (Value 61 not in range [0, 59])", error("61 3 * * *", null));
        assertEquals("cron '0 25 * * *': the hour field '25' is not valid (Value 25 not in range [0, 23])", error("0 25 * * *", null));
        assertEquals("cron '0 3 32 * *': the day-of-month field '32' is not valid (Value 32 not in range [1, 31])", error("0 3 32 * *", null));
        assertEquals("cron '0 3 * 13 *': the month field '13' is not valid (Value 13 not in range [1, 12])", error("0 3 * 13 *", null));
        assertEquals("cron '0 3 * * funday': the day-of-week field 'funday' is not valid (Invalid chars in expression!)",
                error("0 3 * * funday", null));
        assertEquals("cron '0 3 * *' has 4 fields; it needs five: minute hour day-of-month month day-of-week (e.g. \"0 3 * * *\")",
                error("0 3 * *", null));
        assertEquals("cron '0 3 * * * *' has 6 fields; it needs five: minute hour day-of-month month day-of-week (e.g. \"0 3 * * *\")",
                error("0 3 * * * *", null));
        assertEquals("cron '0 0 30 2 *' names no time that exists (such as the 30th of February)", error("0 0 30 2 *", null));
        assertEquals("time zone 'Mars/Olympus' is not known: use a region such as Europe/Paris, or UTC", error("0 3 * * *", "Mars/Olympus"));
        assertEquals("a cron expression is required: five fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\"",
                error(" ", null));
    }

    @Test
    void slotsInUtcByDefault() {
        CronSchedule nightly = CronSchedule.parse(" 0  3 * * * ", null);
        assertEquals("0 3 * * *", nightly.expression());
        assertEquals(at("2026-12-08T03:00:00Z"), nightly.next(at("2026-12-07T06:00:00Z")).orElseThrow());
        // strictly after: a slot is never its own next
        assertEquals(at("2026-12-08T03:00:00Z"), nightly.next(at("2026-12-07T03:00:00Z")).orElseThrow());
        assertEquals(at("2026-12-07T03:00:00Z"), nightly.latestAtOrBefore(at("2026-12-07T03:00:00Z")).orElseThrow());
        assertEquals(at("2026-12-06T03:00:00Z"), nightly.latestAtOrBefore(at("2026-12-07T02:59:59Z")).orElseThrow());
        CronSchedule weekdays = CronSchedule.parse("*/15 9-17 * * MON-FRI", "UTC");
        assertEquals(at("2026-12-07T09:00:00Z"), weekdays.next(at("2026-12-05T12:00:00Z")).orElseThrow()); // Saturday to Monday
    }

    @Test
    void aZonesSlotsFollowItsClockAcrossDaylightSaving() {
        CronSchedule paris = CronSchedule.parse("30 2 * * *", "Europe/Paris");
        // winter: UTC+1
        assertEquals(at("2026-03-28T01:30:00Z"), paris.next(at("2026-03-27T12:00:00Z")).orElseThrow());
        // 29 March 2026: the clocks go from 02:00 to 03:00; 02:30 does not exist and runs at 03:30 local, that day
        assertEquals(at("2026-03-29T01:30:00Z"), paris.next(at("2026-03-28T12:00:00Z")).orElseThrow());
        assertEquals(at("2026-03-29T01:30:00Z"), paris.next(at("2026-03-29T01:10:00Z")).orElseThrow());
        assertEquals(at("2026-03-30T00:30:00Z"), paris.next(at("2026-03-29T01:30:00Z")).orElseThrow()); // summer: UTC+2
        assertEquals(at("2026-03-29T01:30:00Z"), paris.latestAtOrBefore(at("2026-03-29T12:00:00Z")).orElseThrow());
        // 25 October 2026: 03:00 goes back to 02:00; 02:30 happens twice and runs once, the first time
        assertEquals(at("2026-10-25T00:30:00Z"), paris.next(at("2026-10-24T12:00:00Z")).orElseThrow());
        assertEquals(at("2026-10-26T01:30:00Z"), paris.next(at("2026-10-25T00:30:00Z")).orElseThrow());
    }

    @Test
    void anHourlyScheduleRunsOnceInTheRepeatedHourAndNotInTheSkippedOne() {
        CronSchedule hourly = CronSchedule.parse("0 * * * *", "Europe/Paris");
        assertEquals(List.of(at("2026-10-24T23:00:00Z"), at("2026-10-25T00:00:00Z"), at("2026-10-25T02:00:00Z"), at("2026-10-25T03:00:00Z")),
                slots(hourly, at("2026-10-24T22:30:00Z"), 4));
        assertEquals(List.of(at("2026-03-29T00:00:00Z"), at("2026-03-29T01:00:00Z"), at("2026-03-29T02:00:00Z")),
                slots(hourly, at("2026-03-28T23:30:00Z"), 3));
        assertEquals(at("2026-10-25T00:00:00Z"), hourly.latestAtOrBefore(at("2026-10-25T01:59:00Z")).orElseThrow());
    }

    private static List<Instant> slots(CronSchedule cron, Instant from, int count) {
        List<Instant> slots = new ArrayList<>();
        Instant at = from;
        for (int i = 0; i < count; i++) {
            at = cron.next(at).orElseThrow();
            slots.add(at);
        }
        return slots;
    }
}
