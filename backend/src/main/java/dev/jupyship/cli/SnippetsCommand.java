package dev.jupyship.cli;

import dev.jupyship.json.Jsons;
import dev.jupyship.snippets.ParserSyntaxCheck;
import dev.jupyship.snippets.PythonSyntaxCheck;
import dev.jupyship.snippets.Snippet;
import dev.jupyship.snippets.SnippetCatalog;
import dev.jupyship.snippets.SnippetCell;
import dev.jupyship.snippets.SnippetFolders;
import dev.jupyship.snippets.SnippetGate;
import dev.jupyship.snippets.SnippetProblem;
import dev.jupyship.snippets.SnippetSearch;
import dev.jupyship.snippets.SnippetViews;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code jupyship snippets list|show|check}: the snippet catalog from a terminal and in CI. */
@Command(name = "snippets", description = "List, show and check the snippet catalog.",
        subcommands = {SnippetsCommand.ListCommand.class, SnippetsCommand.ShowCommand.class, SnippetsCommand.CheckCommand.class})
final class SnippetsCommand {

    /** The folders: the platform's and an optional team folder that overrides it by id. */
    static final class Folders {
        @Option(names = "--dir", paramLabel = "DIR", description = "The platform's snippet folder (default: $JUPYSHIP_HOME/snippets, or snippets/ of the installation).")
        Path dir;

        @Option(names = "--team", paramLabel = "DIR", description = "A team or user snippet folder; its snippets override the platform's by id.")
        Path team;

        Path platform() {
            return dir != null ? dir : SnippetFolders.defaultPlatform();
        }

        List<SnippetCatalog.Folder> folders(Path platform) {
            List<SnippetCatalog.Folder> folders = new ArrayList<>();
            folders.add(new SnippetCatalog.Folder(platform, "platform"));
            if (team != null) {
                folders.add(new SnippetCatalog.Folder(team, "team"));
            }
            return folders;
        }

        SnippetCatalog.Snapshot load() {
            quietCatalogLog();
            return new SnippetCatalog(folders(platform()), PythonSyntaxCheck.NONE, SnippetCatalog.DEFAULT_POLL_INTERVAL).current();
        }
    }

    /** These commands print every problem themselves; the catalog's log line is for the sidecar. */
    private static void quietCatalogLog() {
        java.util.logging.Logger.getLogger(SnippetCatalog.class.getName()).setLevel(java.util.logging.Level.SEVERE);
    }

    private static void warn(PrintWriter err, List<SnippetProblem> problems) {
        for (SnippetProblem problem : problems) {
            err.println("jupyship snippets: " + problem);
        }
    }

    @Command(name = "list", description = "List snippets, ranked by a search when words are given.")
    static final class ListCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Folders folders = new Folders();

        @Parameters(paramLabel = "WORDS", arity = "0..*", description = "Search words (title, tags, description, code).")
        List<String> words = List.of();

        @Option(names = "--tag", description = "Only snippets with this tag (repeatable: all are required).")
        List<String> tags = List.of();

        @Option(names = "--category", description = "Only this category.")
        String category;

        @Option(names = "--json", description = "Print JSON, as the API answers.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SnippetCatalog.Snapshot snapshot = folders.load();
            warn(spec.commandLine().getErr(), snapshot.problems());
            String query = String.join(" ", words);
            List<SnippetSearch.Hit> hits = snapshot.search().search(query + " ", category, tags, Integer.MAX_VALUE);
            if (json) {
                out.println(Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                        hits.stream().map(h -> SnippetViews.summary(h.snippet(), query.isBlank() ? null : h.score())).toList()));
                return 0;
            }
            int width = hits.stream().mapToInt(h -> h.snippet().id().length()).max().orElse(0);
            for (SnippetSearch.Hit hit : hits) {
                Snippet s = hit.snippet();
                out.printf("%-" + width + "s  %-11s %s%s%n", s.id(), s.category(), s.title(), s.source().equals("platform") ? "" : "  [" + s.source() + "]");
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Show one snippet: its description and cells (or the API's JSON).")
    static final class ShowCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Folders folders = new Folders();

        @Parameters(paramLabel = "ID", description = "The snippet's id.")
        String id;

        @Option(names = "--json", description = "Print the API's JSON: nbformat cells and the HTML preview.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            SnippetCatalog.Snapshot snapshot = folders.load();
            Snippet snippet = snapshot.find(id);
            if (snippet == null) {
                warn(spec.commandLine().getErr(), snapshot.problems());
                spec.commandLine().getErr().println("jupyship snippets show: no snippet '" + id + "' in the catalog");
                return 1;
            }
            if (json) {
                out.println(Jsons.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(SnippetViews.detail(snippet)));
                return 0;
            }
            out.println(snippet.title() + "  (" + snippet.id() + " " + snippet.version() + ", " + snippet.category() + ", " + snippet.file() + ")");
            out.println(snippet.description());
            if (!snippet.requires().isEmpty()) {
                out.println("requires: " + String.join(", ", snippet.requires()));
            }
            for (SnippetCell cell : snippet.insertedCells()) {
                out.println();
                out.println(cell.kind() == SnippetCell.Kind.MARKDOWN ? "# %% [markdown]"
                        : cell.tags().isEmpty() ? "# %%" : "# %% tags=" + cell.tags());
                out.println(cell.source());
            }
            return 0;
        }
    }

    @Command(name = "check", description = "The quality gate: validate every snippet file and run every runnable snippet in a real Python kernel.")
    static final class CheckCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "DIR", arity = "0..1", description = "The snippet folder (default: as for --dir).")
        Path dir;

        @Option(names = "--team", paramLabel = "DIR", description = "Also check a team folder, as it overrides the platform's.")
        Path team;

        @Option(names = "--venv", paramLabel = "DIR", description = "The Python environment (default: $JUPYSHIP_VENV, else .venv beside the snippet folder).")
        Path venv;

        @Option(names = "--no-run", description = "Validate files and Python syntax only; execute nothing.")
        boolean noRun;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            quietCatalogLog();
            Folders folders = new Folders();
            folders.dir = dir;
            folders.team = team;
            Path platform = folders.platform();
            Path environment = venv != null ? venv : defaultVenv(platform);
            SnippetGate.Report report = SnippetGate.run(folders.folders(platform), environment,
                    SnippetGate.standardChecks(environment, !noRun), line -> {
                        out.println(line);
                        out.flush();
                    });
            out.printf("%d snippets, %d problem(s), %.1f s%n", report.served(), report.problems().size(), report.millis() / 1000.0);
            if (!report.passed()) {
                warn(spec.commandLine().getErr(), report.problems());
            }
            return report.passed() ? 0 : 1;
        }

        private static Path defaultVenv(Path platform) {
            String configured = System.getenv("JUPYSHIP_VENV");
            if (configured != null && !configured.isBlank()) {
                return Path.of(configured);
            }
            Path beside = platform.toAbsolutePath().normalize().resolveSibling(".venv");
            return Files.isDirectory(beside) ? beside : Path.of(".venv");
        }
    }

    /** The syntax check the sidecar uses: jupyship's own Python parser. */
    static PythonSyntaxCheck sidecarSyntaxCheck() {
        return new ParserSyntaxCheck();
    }
}
