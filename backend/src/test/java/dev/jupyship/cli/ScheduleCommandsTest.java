package dev.jupyship.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.deploy.TinyNotebooks;
import dev.jupyship.testing.CliRun;
import dev.jupyship.testing.PythonEnv;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jupyship schedule}: add, list, pause, resume, run (real papermill), delete; each mistake one clear line. */
class ScheduleCommandsTest {

    @TempDir
    Path workspace;

    @BeforeEach
    void notebook() throws Exception {
        TinyNotebooks.withContract(TinyNotebooks.write(workspace.resolve("train.ipynb"), "score = 0.5\noutput_dir = 'x'", TinyNotebooks.WRITE_METRICS),
                "{\"parameters\": {\"score\": {\"type\": \"float\", \"default\": 0.5, \"max\": 1}, \"output_dir\": {\"type\": \"str\", \"default\": \"x\"}}}");
    }

    private CliRun schedule(String... args) {
        String[] line = new String[args.length + 5];
        line[0] = "schedule";
        System.arraycopy(args, 0, line, 1, args.length);
        line[args.length + 1] = "-w";
        line[args.length + 2] = workspace.toString();
        line[args.length + 3] = "--venv";
        line[args.length + 4] = PythonEnv.root().toString();
        return CliRun.of(line);
    }

    @Test
    void addListPauseResumeRunAndDelete() {
        PythonEnv.program("papermill");
        CliRun added = schedule("add", "train.ipynb", "--cron", "0 3 * * *", "--tz", "Europe/Paris", "--param", "score=0.75");
        assertEquals(0, added.code(), added.err());
        Matcher id = Pattern.compile("^added: (train-[0-9a-f]{6})  train.ipynb  '0 3 \\* \\* \\*' Europe/Paris  \\{score=0.75}  next \\S+T0[12]:00:00Z\n$")
                .matcher(added.out());
        assertTrue(id.find(), added.out());
        String schedule = id.group(1);

        CliRun listed = schedule("list", "train.ipynb");
        assertEquals(added.out().substring("added: ".length()), listed.out());
        assertEquals("no schedules of other.ipynb\n", schedule("list", "other.ipynb").out());
        assertTrue(schedule("pause", schedule).out().endsWith("  paused\n"));
        assertTrue(schedule("resume", schedule).out().contains("  next "));

        CliRun run = schedule("run", schedule);
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains(": succeeded\n") && run.out().contains("metrics: {score=0.75}"), run.out());
        String runId = run.out().substring("run ".length(), run.out().indexOf(' ', "run ".length()));
        assertTrue(schedule("list").out().contains("  last " + runId + " succeeded\n"), schedule("list").out());

        assertEquals("schedule " + schedule + ": deleted\n", schedule("delete", schedule).out());
        assertEquals("no schedules\n", schedule("list").out());
    }

    @Test
    void eachMistakeIsOneLineNamingIt() {
        assertEquals("jupyship schedule add: cron '0 25 * * *': the hour field '25' is not valid (Value 25 not in range [0, 23])\n",
                schedule("add", "train.ipynb", "--cron", "0 25 * * *").err());
        assertEquals("jupyship schedule add: no notebook at 'nope.ipynb' in the workspace\n",
                schedule("add", "nope.ipynb", "--cron", "0 3 * * *").err());
        assertEquals("jupyship schedule add: train.ipynb: parameter 'score': 2 is above the maximum 1\n",
                schedule("add", "train.ipynb", "--cron", "0 3 * * *", "-p", "score=2").err());
        assertEquals("jupyship schedule add: time zone 'Paris' is not known: use a region such as Europe/Paris, or UTC\n",
                schedule("add", "train.ipynb", "--cron", "0 3 * * *", "--tz", "Paris").err());
        for (String command : new String[] {"pause", "resume", "delete", "run"}) {
            CliRun unknown = schedule(command, "nope-123456");
            assertEquals(1, unknown.code());
            assertTrue(unknown.err().matches("jupyship schedule " + command + ": no schedule 'nope-123456' in project '[^']+'\n"), unknown.err());
        }
        CliRun missing = schedule("add", "train.ipynb");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("Missing required option: '--cron="), missing.err());
        assertEquals("no schedules\n", schedule("list").out());
    }
}
