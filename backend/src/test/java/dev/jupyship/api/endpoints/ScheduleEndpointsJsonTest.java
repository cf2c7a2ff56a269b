package dev.jupyship.api.endpoints;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.deploy.cluster.RunStatus;
import dev.jupyship.json.Jsons;
import dev.jupyship.schedule.Schedule;
import dev.jupyship.schedule.Schedules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The schedule routes write the JSON the OpenAPI description says: the schedule, then its next run and its last run's status. */
class ScheduleEndpointsJsonTest {

    @Test
    void aScheduleIsItsRecordThenWhenItRunsNext() throws Exception {
        Schedule schedule = new Schedule("train-3f9a2c", "p", "train.ipynb", "0 3 * * *", "Europe/Paris", Map.of("seed", 1), "main", false,
                "ada", Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-07T02:00:00Z"), Instant.parse("2026-12-07T02:00:00Z"),
                "20261207T020000Z-ab12cd", null);
        String view = Jsons.MAPPER.writeValueAsString(new Schedules.View(schedule, Instant.parse("2026-12-08T02:00:00Z"), RunStatus.SUCCEEDED));
        assertEquals("{\"id\":\"train-3f9a2c\",\"project\":\"p\",\"notebook\":\"train.ipynb\",\"cron\":\"0 3 * * *\",\"timeZone\":\"Europe/Paris\","
                + "\"parameters\":{\"seed\":1},\"ref\":\"main\",\"paused\":false,\"createdBy\":\"ada\",\"createdAt\":\"2026-12-01T10:00:00Z\","
                + "\"coveredUntil\":\"2026-12-07T02:00:00Z\",\"lastSlot\":\"2026-12-07T02:00:00Z\",\"lastRun\":\"20261207T020000Z-ab12cd\","
                + "\"nextRun\":\"2026-12-08T02:00:00Z\",\"lastRunStatus\":\"succeeded\"}", view);
        Schedule paused = new Schedule("t-1", "p", "t.ipynb", "* * * * *", "UTC", null, null, true, "ada", Instant.parse("2026-12-01T10:00:00Z"),
                null, null, null, "no notebook at 't.ipynb' in the workspace");
        assertEquals("{\"schedules\":[{\"id\":\"t-1\",\"project\":\"p\",\"notebook\":\"t.ipynb\",\"cron\":\"* * * * *\",\"timeZone\":\"UTC\","
                + "\"parameters\":{},\"paused\":true,\"createdBy\":\"ada\",\"createdAt\":\"2026-12-01T10:00:00Z\","
                + "\"lastProblem\":\"no notebook at 't.ipynb' in the workspace\"}],\"count\":1}",
                Jsons.MAPPER.writeValueAsString(new ScheduleEndpoints.ScheduleList(List.of(new Schedules.View(paused, null, null)), 1)));
    }
}
