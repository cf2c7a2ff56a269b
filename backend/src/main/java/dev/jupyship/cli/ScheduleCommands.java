package dev.jupyship.cli;

import dev.jupyship.deploy.Deployer;
import dev.jupyship.deploy.GateRefusal;
import dev.jupyship.schedule.CronJobTarget;
import dev.jupyship.schedule.Schedule;
import dev.jupyship.schedule.ScheduleRequest;
import dev.jupyship.schedule.Schedules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jupyship schedule add|list|pause|resume|delete|run|fire}: notebooks registered to run on a
 * cron schedule, kept in the workspace's runs store, where the sidecar's scheduler finds them, or made
 * CronJobs on Kubernetes (see docs/schedules.md). {@code run} starts the run in this process and
 * follows it to its end, as {@code deploy} does; {@code fire} is what a CronJob's pod runs.
 */
@Command(name = "schedule", description = "Run notebooks on a cron schedule: add, list, pause, resume, delete, run now.",
        subcommands = {ScheduleCommands.Add.class, ScheduleCommands.ListCommand.class, ScheduleCommands.Pause.class,
                ScheduleCommands.Resume.class, ScheduleCommands.Delete.class, ScheduleCommands.Run.class, ScheduleCommands.Fire.class})
final class ScheduleCommands {

    /** A command over the workspace's schedules: its deployer opened, the work done, the deployer closed. */
    abstract static class OnSchedules extends DeployCommands.Base implements Callable<Integer> {
        abstract int act(Deployer deployer, Schedules schedules) throws Exception;

        @Override
        public Integer call() throws Exception {
            try (Deployer deployer = open()) {
                Schedules schedules = Schedules.of(deployer);
                CronJobTarget.of(deployer).ifPresent(schedules::fireOn); // on Kubernetes, each schedule is a CronJob
                return act(deployer, schedules);
            }
        }

        /** One line a schedule: id, notebook, when, its next run and its last. */
        void print(Schedules.View view) {
            Schedule s = view.schedule();
            StringBuilder line = new StringBuilder();
            line.append(s.id()).append("  ").append(s.notebook()).append("  '").append(s.cron()).append("' ").append(s.timeZone());
            if (s.ref() != null) {
                line.append("  at ").append(s.ref());
            }
            if (!s.parameters().isEmpty()) {
                line.append("  ").append(s.parameters());
            }
            line.append(s.paused() ? "  paused" : "  next " + (view.nextRun() == null ? "never" : view.nextRun()));
            if (s.lastRun() != null) {
                line.append("  last ").append(s.lastRun()).append(view.lastRunStatus() == null ? "" : " " + view.lastRunStatus().label());
            }
            if (s.lastProblem() != null) {
                line.append("  last run not started: ").append(s.lastProblem());
            }
            out().println(line);
        }
    }

    @Command(name = "add", description = "Register a notebook to run on a cron schedule (checked like a deploy).")
    static final class Add extends OnSchedules {
        @Parameters(paramLabel = "NOTEBOOK", description = "The notebook, relative to the workspace.")
        String notebook;

        @Option(names = "--cron", required = true, paramLabel = "\"M H DOM MON DOW\"",
                description = "When: five cron fields (minute hour day-of-month month day-of-week), e.g. \"0 3 * * *\".")
        String cron;

        @Option(names = "--tz", paramLabel = "ZONE", description = "The time zone the fields are read in, e.g. Europe/Paris (default: UTC).")
        String timeZone;

        @Option(names = {"-p", "--param", "--parameter"}, paramLabel = "NAME=VALUE", description = "A parameter (JSON value, or text).")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Option(names = "--ref", paramLabel = "BRANCH_OR_COMMIT",
                description = "A commit (pinned) or a branch (resolved at each run; the run records the commit). Default: the working tree.")
        String ref;

        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            Schedule added;
            try {
                added = schedules.add(new ScheduleRequest(notebook, cron, timeZone, values(parameters), ref));
            } catch (GateRefusal refusal) {
                return refused(refusal, notebook);
            }
            out().print("added: ");
            print(schedules.show(added.id()));
            return 0;
        }
    }

    @Command(name = "list", description = "List the schedules (all, or a notebook's), with their next and last runs.")
    static final class ListCommand extends OnSchedules {
        @Parameters(paramLabel = "NOTEBOOK", arity = "0..1", description = "Only this notebook's schedules.")
        String notebook;

        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            List<Schedules.View> views = schedules.list(notebook);
            if (views.isEmpty()) {
                out().println(notebook == null ? "no schedules" : "no schedules of " + notebook);
            }
            views.forEach(this::print);
            return 0;
        }
    }

    /** A command on one schedule. */
    abstract static class OnOne extends OnSchedules {
        @Parameters(paramLabel = "ID", description = "The schedule's id (see schedule list).")
        String id;
    }

    @Command(name = "pause", description = "Pause a schedule: it starts nothing until resumed.")
    static final class Pause extends OnOne {
        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            print(schedules.pause(id));
            return 0;
        }
    }

    @Command(name = "resume", description = "Resume a schedule from now on (slots that passed while paused are skipped).")
    static final class Resume extends OnOne {
        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            print(schedules.resume(id));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a schedule (its runs stay in the notebook's history).")
    static final class Delete extends OnOne {
        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            schedules.delete(id);
            out().println("schedule " + id + ": deleted");
            return 0;
        }
    }

    @Command(name = "run", description = "Run a schedule's notebook now, as its next slot would, and follow the run to its end.")
    static final class Run extends OnOne {
        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            try {
                return report(deployer, schedules.runNow(id));
            } catch (GateRefusal refusal) {
                return refused(refusal, schedules.show(id).schedule().notebook());
            }
        }
    }

    @Command(name = "fire", hidden = true,
            description = "What a schedule's CronJob runs: its latest slot, once, from the notebook kept when it was scheduled, followed to its end.")
    static final class Fire extends OnOne {
        @Override
        int act(Deployer deployer, Schedules schedules) throws Exception {
            Schedules.Fired fired = schedules.fire(id);
            if (fired.run() == null) {
                out().println(fired.note());
                return 0; // nothing to run is not a failure: a CronJob's Job is not retried for it
            }
            return report(deployer, fired.run());
        }
    }
}
