import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.ParsedCell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Warm parse + scope analysis time of the largest notebooks (by lines of code) under the given
 * folder: one line each, the minimum wall time and the median CPU time of 200 runs (both leave out
 * the time other processes take on a shared machine). Run as
 * {@code java -cp backend/target/classes bench/PythonParseBench.java ../shared/corpus}.
 */
public class PythonParseBench {
    record Source(String name, List<Integer> indexes, List<String> cells, int lines) {
    }

    public static void main(String[] args) throws Exception {
        List<Source> sources = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                try {
                    Notebook notebook = Notebook.read(file);
                    List<Integer> indexes = new ArrayList<>();
                    List<String> cells = new ArrayList<>();
                    int lines = 0;
                    for (Cell cell : notebook.cells()) {
                        if (cell.isCode()) {
                            indexes.add(cell.index());
                            cells.add(cell.source());
                            lines += cell.source().split("\n", -1).length;
                        }
                    }
                    sources.add(new Source(file.getFileName().toString(), indexes, cells, lines));
                } catch (RuntimeException unreadable) {
                    // not nbformat 4
                }
            }
        }
        sources.sort(Comparator.comparingInt(Source::lines).reversed());
        List<Source> largest = sources.subList(0, Math.min(6, sources.size()));
        long sink = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (Source source : sources) {
                sink += analyze(source);
            }
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        System.out.println("wall min ms  cpu median ms   lines   chars  notebook (mask + parse + scopes, all code cells)");
        for (Source source : largest) {
            long[] wall = new long[200];
            long[] cpu = new long[200];
            for (int i = 0; i < wall.length; i++) {
                long start = System.nanoTime();
                long cpuStart = threads.getCurrentThreadCpuTime();
                sink += analyze(source);
                cpu[i] = threads.getCurrentThreadCpuTime() - cpuStart;
                wall[i] = System.nanoTime() - start;
            }
            java.util.Arrays.sort(wall);
            java.util.Arrays.sort(cpu);
            int chars = source.cells().stream().mapToInt(String::length).sum();
            System.out.printf("%11.3f %13.3f %7d %7d  %s%n", wall[0] / 1e6, cpu[cpu.length / 2] / 1e6, source.lines(), chars, source.name());
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static int analyze(Source source) {
        List<ParsedCell> parsed = new ArrayList<>(source.cells().size());
        for (int i = 0; i < source.cells().size(); i++) {
            parsed.add(ParsedCell.parse(source.indexes().get(i), source.cells().get(i)));
        }
        ModuleAnalysis analysis = ModuleAnalysis.analyzeCells(parsed);
        return analysis.undefinedNames().size() + analysis.unusedImports().size();
    }
}
