import dev.jupyship.export.ExportOptions;
import dev.jupyship.export.PercentExporter;
import dev.jupyship.notebook.Notebook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Warm, in-process export throughput: parses and exports every notebook under the given folder,
 * repeatedly, after a warm-up, and prints one line: "notebooks/s MB/s notebooks rounds".
 * Run by bench/export as {@code java -cp jupyship.jar bench/ExportBench.java CORPUS}.
 */
public class ExportBench {
    public static void main(String[] args) throws Exception {
        List<byte[]> notebooks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(args[0]))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                try {
                    PercentExporter.export(Notebook.parseWithoutOutputs(bytes, file.toString()), ExportOptions.DEFAULT);
                    notebooks.add(bytes);
                    names.add(file.toString());
                } catch (RuntimeException unreadable) {
                    // v3 and invalid files: not part of the throughput figure (jupytext fails on them too)
                }
            }
        }
        long totalBytes = notebooks.stream().mapToLong(b -> b.length).sum();
        long sink = 0;
        long warmUntil = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            for (byte[] bytes : notebooks) {
                sink += PercentExporter.export(Notebook.parseWithoutOutputs(bytes, "nb"), ExportOptions.DEFAULT).length();
            }
        }
        int rounds = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < 5_000_000_000L) {
            for (byte[] bytes : notebooks) {
                sink += PercentExporter.export(Notebook.parseWithoutOutputs(bytes, "nb"), ExportOptions.DEFAULT).length();
            }
            rounds++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("%.1f %.1f %d %d%n", notebooks.size() * rounds / seconds, totalBytes * rounds / seconds / 1e6,
                notebooks.size(), rounds + (sink == 42 ? 1 : 0));
    }
}
