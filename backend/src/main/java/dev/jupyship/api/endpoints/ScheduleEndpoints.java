package dev.jupyship.api.endpoints;

import dev.jupyship.api.ApiContext;
import dev.jupyship.api.ApiResponse;
import dev.jupyship.api.Endpoint;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.errors.Unavailable;
import dev.jupyship.schedule.ScheduleRequest;
import dev.jupyship.schedule.Schedules;
import java.util.List;

/**
 * The schedule routes: notebooks registered to run on a cron schedule (see docs/schedules.md).
 * <pre>
 * curl -s -X POST -H 'Content-Type: application/json' -d '{"notebook": "train.ipynb", "cron": "0 3 * * *", "timeZone": "Europe/Paris",
 *      "parameters": {"seed": 1}, "ref": "main"}' localhost:8765/api/schedules
 *     → 201 {"id": "train-3f9a2c", "notebook": "train.ipynb", "cron": "0 3 * * *", ..., "nextRun": "2026-12-08T02:00:00Z"}
 * curl -s 'localhost:8765/api/schedules?notebook=train.ipynb'
 * curl -s localhost:8765/api/schedules/train-3f9a2c
 * curl -s -X POST -H 'X-XSRFToken: x' localhost:8765/api/schedules/train-3f9a2c/pause    (and /resume)
 * curl -s -X POST -H 'X-XSRFToken: x' localhost:8765/api/schedules/train-3f9a2c/run      → 202 the run started now
 * curl -s -X DELETE -H 'X-XSRFToken: x' localhost:8765/api/schedules/train-3f9a2c
 * </pre>
 */
public final class ScheduleEndpoints {

    private final ApiContext context;

    public ScheduleEndpoints(ApiContext context) {
        this.context = context;
    }

    private Schedules schedules() {
        if (context.deployer() == null) {
            throw new Unavailable("deploy is not set up in this sidecar, and schedules run through it");
        }
        return Schedules.of(context.deployer().get());
    }

    /** {@code GET /api/schedules?notebook=}. */
    public record ScheduleList(List<Schedules.View> schedules, int count) {
    }

    /** {@code DELETE /api/schedules/{id}}. */
    public record Deleted(String deleted) {
    }

    public Endpoint list() {
        return request -> {
            List<Schedules.View> views = schedules().list(request.query("notebook"));
            return ApiResponse.json(new ScheduleList(views, views.size()));
        };
    }

    /** {@code POST /api/schedules}: 201 with the schedule; 422 with the gate's verdict when the notebook would not deploy. */
    public Endpoint create() {
        return request -> refusedAs422(() -> {
            Schedules schedules = schedules();
            return ApiResponse.json(201, schedules.show(schedules.add(request.body(ScheduleRequest.class)).id()));
        });
    }

    public Endpoint show() {
        return request -> ApiResponse.json(schedules().show(request.query("id")));
    }

    public Endpoint delete() {
        return request -> {
            String id = request.query("id");
            schedules().delete(id);
            return ApiResponse.json(new Deleted(id));
        };
    }

    public Endpoint pause() {
        return request -> ApiResponse.json(schedules().pause(request.query("id")));
    }

    public Endpoint resume() {
        return request -> ApiResponse.json(schedules().resume(request.query("id")));
    }

    /** {@code POST /api/schedules/{id}/run}: 202 with the run started now, marked with its schedule. */
    public Endpoint runNow() {
        return request -> refusedAs422(() -> ApiResponse.json(202, RunEndpoints.RunSummary.of(schedules().runNow(request.query("id")))));
    }

    private interface Answer {
        ApiResponse get() throws Exception;
    }

    /** The deploy gate's refusal answered as a deploy's is: 422 with the verdict. */
    private static ApiResponse refusedAs422(Answer answer) throws Exception {
        try {
            return answer.get();
        } catch (GateRefusal refusal) {
            return ApiResponse.json(422, new RunEndpoints.Refusal(refusal.getMessage(), 422, RunEndpoints.GateVerdict.of(refusal.verdict())));
        }
    }
}
