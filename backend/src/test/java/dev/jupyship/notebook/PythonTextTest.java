package dev.jupyship.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.testing.PythonEnv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Python's own {@code str.splitlines} is the reference, asked in the same run. */
class PythonTextTest {

    @Test
    void theLineBoundariesAreExactlyPythons() throws Exception {
        Process python = new ProcessBuilder(PythonEnv.program("python").toString(), "-c",
                "print(' '.join(str(c) for c in range(0x10000) if len(('a' + chr(c) + 'b').splitlines()) == 2))")
                .redirectErrorStream(true).start();
        String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, python.waitFor(), printed);
        List<String> ours = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (PythonText.isLineBoundary((char) c)) {
                ours.add(Integer.toString(c));
            }
        }
        assertEquals(printed, String.join(" ", ours));
    }

    @Test
    void splitLinesAsPythonDoes() {
        assertEquals(List.of("a", "b", "", "c"), PythonText.splitLines("a\r\nb\u2028\u000bc"));
        assertEquals(List.of("a\r\n", "b\u0085", "c"), PythonText.splitLinesKeepEnds("a\r\nb\u0085c"));
        List<String> changeable = PythonText.splitLines("x\n");
        changeable.add("y");
        assertEquals(List.of("x", "y"), changeable);
    }
}
