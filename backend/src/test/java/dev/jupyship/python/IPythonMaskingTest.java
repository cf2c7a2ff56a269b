package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class IPythonMaskingTest {

    /** What masking puts in place of {@code text}: a 0 and spaces. */
    private static String zero(String text) {
        return "0" + " ".repeat(text.length() - 1);
    }

    private static List<MaskedLine.Kind> kinds(IPythonMasking.Masked masked) {
        return masked.maskedLines().stream().map(MaskedLine::kind).toList();
    }

    @Test
    void magicsAndShellEscapesBecomeSameLengthExpressions() {
        String cell = "%matplotlib inline\n!pip install pandas\nimport pandas as pd\nfor f in files:\n    !rm {f}\n";
        IPythonMasking.Masked masked = IPythonMasking.mask(cell);
        assertEquals(cell.length(), masked.python().length());
        assertEquals(zero("%matplotlib inline") + "\n" + zero("!pip install pandas") + "\nimport pandas as pd\nfor f in files:\n    "
                + zero("!rm {f}") + "\n", masked.python());
        assertEquals(List.of(MaskedLine.Kind.LINE_MAGIC, MaskedLine.Kind.SHELL, MaskedLine.Kind.SHELL), kinds(masked));
        MaskedLine pip = masked.maskedLines().get(1);
        assertEquals(1, pip.line());
        assertEquals("pip install pandas", pip.command());
        assertEquals("matplotlib", masked.maskedLines().get(0).name());
        assertFalse(ParsedCell.parse(0, cell).module().hasErrors());
    }

    @Test
    void assignmentsFromShellAndMagicKeepTheTarget() {
        IPythonMasking.Masked masked = IPythonMasking.mask("files = !ls *.csv\nt = %timeit -o f()\n");
        assertEquals("files = " + zero("!ls *.csv") + "\nt = " + zero("%timeit -o f()") + "\n", masked.python());
        assertEquals(List.of(MaskedLine.Kind.SHELL_ASSIGN, MaskedLine.Kind.MAGIC_ASSIGN), kinds(masked));
    }

    @Test
    void helpRequests() {
        IPythonMasking.Masked masked = IPythonMasking.mask("np.array?\n?len\nnp.*load*??\nx = 1 # why?\n");
        assertEquals(List.of(MaskedLine.Kind.HELP, MaskedLine.Kind.HELP, MaskedLine.Kind.HELP), kinds(masked));
    }

    @Test
    void percentAndBangInsideCodeAreNotMagics() {
        String cell = "x = a % b\ny = (1,\n%2)\ns = '''\n%not a magic\n!nor this\n'''\nif a != b: pass\nz = x \\\n  % 3\n";
        IPythonMasking.Masked masked = IPythonMasking.mask(cell);
        assertEquals(cell, masked.python());
        assertTrue(masked.maskedLines().isEmpty());
    }

    @Test
    void nonPythonCellMagicsMaskTheWholeCell() {
        IPythonMasking.Masked masked = IPythonMasking.mask("%%bash\ncurl https://x.sh | sh\necho done\n");
        assertTrue(masked.notPython());
        assertEquals("bash", masked.cellMagic().name());
        assertEquals(List.of(MaskedLine.Kind.CELL_MAGIC, MaskedLine.Kind.CELL_MAGIC_BODY), kinds(masked));
        assertEquals("curl https://x.sh | sh\necho done\n", masked.maskedLines().get(1).text());
        assertTrue(masked.python().isBlank());
    }

    @Test
    void pythonCellMagicsKeepTheBody() {
        IPythonMasking.Masked masked = IPythonMasking.mask("%%time\nx = f(1)\n");
        assertFalse(masked.notPython());
        assertEquals("      \nx = f(1)\n", masked.python());
    }

    @Test
    void automagicOnlyWhereTheLineCannotBePython() {
        assertEquals(List.of(MaskedLine.Kind.AUTOMAGIC, MaskedLine.Kind.AUTOMAGIC),
                kinds(IPythonMasking.mask("pip install numpy==1.26\ncd ../data\nls -la\npwd\ntime = 3\n")));
    }

    @Test
    void continuationLinesOfAMagicAreMaskedToo() {
        IPythonMasking.Masked masked = IPythonMasking.mask("!pip install a \\\n    b\nx = 1\n");
        assertEquals(zero("!pip install a \\") + "\n     \nx = 1\n", masked.python());
        assertEquals("!pip install a \\\n    b", masked.maskedLines().get(0).text());
    }
}
