package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.json.Jsons;
import dev.jupyship.testing.PythonEnv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deep nesting is valid Python exactly where CPython 3.11 (the project's environment) compiles it:
 * 200 nested brackets of any kind, 99 indented blocks; one more of either is an error with CPython's
 * message. (Its compiler's limit of 20 nested loop, try and with blocks is not checked, as the
 * parser's other compiler-only errors are not.) Checked on a 512 KB stack, the sidecar's, so a stack overflow cannot pass for an error.
 */
class NestingLimitsTest {

    private static Map<String, String> sources() {
        Map<String, String> sources = new LinkedHashMap<>();
        for (int depth : new int[] {150, 200, 201}) {
            sources.put(depth + " parentheses", "x = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\n");
            sources.put(depth + " lists", "x = " + "[".repeat(depth) + "1" + "]".repeat(depth) + "\n");
            sources.put(depth + " calls", "x = " + "f(".repeat(depth) + "1" + ")".repeat(depth) + "\n");
            sources.put(depth + " subscripts and dicts", "x = " + "a[{1: ".repeat(depth / 2) + "[".repeat(depth % 2) + "1"
                    + "]".repeat(depth % 2) + "}]".repeat(depth / 2) + "\n");
            sources.put(depth + " unary minus", "x = " + "-".repeat(depth) + "1\n");
        }
        for (int blocks : new int[] {99, 100}) {
            StringBuilder source = new StringBuilder();
            for (int i = 0; i < blocks; i++) {
                source.append(" ".repeat(i)).append("if x:\n");
            }
            sources.put(blocks + " blocks", source.append(" ".repeat(blocks)).append("pass\n").toString());
            sources.put(blocks + " blocks and 100 parentheses", source.toString().replace("pass\n",
                    "y = " + "(".repeat(100) + "1" + ")".repeat(100) + "\n"));
        }
        return sources;
    }

    /** CPython's verdict on each source: null when it compiles, else its message. */
    private static Map<String, String> cpython(Map<String, String> sources) throws Exception {
        String script = "import json, sys\n"
                + "out = {}\n"
                + "for name, source in json.load(sys.stdin).items():\n"
                + "    try:\n"
                + "        compile(source, '<cell>', 'exec'); out[name] = None\n"
                + "    except (SyntaxError, MemoryError, RecursionError) as e:\n"
                + "        out[name] = getattr(e, 'msg', None) or type(e).__name__\n"
                + "json.dump(out, sys.stdout)\n";
        Process process = new ProcessBuilder(PythonEnv.program("python").toString(), "-c", script).start();
        process.getOutputStream().write(Jsons.MAPPER.writeValueAsBytes(sources));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        Map<String, String> verdicts = new LinkedHashMap<>();
        Jsons.MAPPER.readTree(output).fields().forEachRemaining(e -> verdicts.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return verdicts;
    }

    @Test
    void validExactlyWhereCpythonCompilesIt() throws Exception {
        Map<String, String> sources = sources();
        Map<String, String> expected = cpython(sources);
        Map<String, String> ours = new LinkedHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        Thread thread = new Thread(null, () -> {
            try {
                sources.forEach((name, source) -> {
                    List<Stmt.ErrorStmt> errors = PythonParser.parse(source).errors();
                    ours.put(name, errors.isEmpty() ? null : errors.get(0).message());
                });
            } catch (Throwable e) {
                failures.add(e);
            }
        }, "parse-on-a-sidecar-stack", 512 * 1024);
        thread.start();
        thread.join();
        assertEquals(List.of(), failures);
        assertEquals(expected, ours);
    }
}
