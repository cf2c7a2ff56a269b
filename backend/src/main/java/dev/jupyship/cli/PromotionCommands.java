package dev.jupyship.cli;

import dev.jupyship.promotion.Champion;
import dev.jupyship.promotion.ChampionEvent;
import dev.jupyship.promotion.Champions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jupyship promote}, {@code rollback}, {@code champion}: a notebook's champion by hand, over
 * the workspace's store (the one the sidecar uses; the pointer moves by compare-and-set, so a
 * terminal and a sidecar never lose each other's moves). They read runs without opening a cluster.
 */
final class PromotionCommands {

    private PromotionCommands() {
    }

    abstract static class Base extends DeployCommands.Base implements Callable<Integer> {

        abstract int act(Champions champions) throws Exception;

        @Override
        public Integer call() throws Exception {
            return act(Champions.of(history()));
        }

        void print(ChampionEvent event) {
            PrintWriter out = out();
            event.reasons().forEach(reason -> out.println("  " + reason));
        }
    }

    /** A command on one notebook's champion for one model. */
    abstract static class OnChampion extends Base {
        @Parameters(paramLabel = "NOTEBOOK", description = "The notebook, relative to the workspace.")
        String notebook;

        @Option(names = "--model", paramLabel = "NAME", description = "The model name (default: model).")
        String model;
    }

    @Command(name = "promote", description = "Make a succeeded run its notebook's champion, whatever the gate said (recorded as a manual promotion).")
    static final class Promote extends Base {
        @Parameters(paramLabel = "RUN")
        String id;

        @Override
        int act(Champions champions) throws Exception {
            ChampionEvent event = champions.promote(id);
            out().println("run " + id + " is the champion of " + event.notebook() + " (model '" + event.model() + "')"
                    + (event.before() == null ? "" : ", replacing " + event.before()));
            print(event);
            return 0;
        }
    }

    @Command(name = "rollback", description = "Move a notebook's champion back: to the one it replaced, or to a former champion (--to).")
    static final class Rollback extends OnChampion {
        @Option(names = "--to", paramLabel = "RUN", description = "A former champion to go back to.")
        String to;

        @Override
        int act(Champions champions) throws Exception {
            ChampionEvent event = champions.rollback(notebook, model, to);
            out().println(event.notebook() + " (model '" + event.model() + "'): the champion is " + event.after() + " again, not " + event.before());
            return 0;
        }
    }

    @Command(name = "champion", description = "Show a notebook's champion and its recent promotion decisions, newest first.")
    static final class Show extends OnChampion {
        @Override
        int act(Champions champions) throws Exception {
            Champions.View view = champions.show(notebook, model);
            PrintWriter out = out();
            Champion champion = view.champion();
            String of = view.notebook() + " (model '" + view.model() + "')";
            if (champion == null) {
                out.println(of + " has no champion yet");
            } else {
                out.println("champion of " + of + ": " + champion.run() + " (" + champion.how().label() + " by " + champion.by() + ", "
                        + champion.since() + ")");
                if (champion.metrics() != null) {
                    out.println("  metrics: " + champion.metrics());
                }
            }
            out.println("recent decisions, newest first:");
            for (ChampionEvent event : view.decisions()) {
                out.printf("%s  %-14s  %s%n", event.at(), event.kind().label(), event.run());
                print(event);
            }
            return 0;
        }
    }
}
