package dev.jupyship.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.json.Jsons;
import dev.jupyship.notebook.Cell;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.testing.Corpus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ParserCodeFacts} (the Java parser) gives the facts {@link CpythonCodeFacts} (CPython's
 * {@code ast}, the first implementation) gives, over every example notebook, the contract lint
 * fixtures and a set of cells chosen for the evaluation-order, literal and column rules. Every name
 * written in a notebook is watched, not just its parameters, so every load and store is compared.
 *
 * <p>Deliberate differences, not compared: a syntax error's message and column (only that there is
 * one, and its line, are), and the order of the strings (compared as a multiset).
 */
class ParserCodeFactsEquivalenceTest {

    static Stream<Path> notebooks() {
        List<Path> all = new ArrayList<>(Examples.passing());
        Examples.broken().forEach(e -> all.add(e.notebook()));
        all.addAll(files(Corpus.repository().resolve("lint-rules/fixtures"), "JS6"));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("notebooks")
    void sameFactsAsCpython(Path path) throws Exception {
        Notebook notebook = path.toString().endsWith(".ipynb") ? Notebook.read(path) : dev.jupyship.testing.FixtureNotebook.read(path).notebook();
        List<Cell> code = notebook.cells().stream().filter(Cell::isCode).toList();
        int parameters = code.stream().filter(c -> c.tags().contains("parameters")).mapToInt(Cell::index).findFirst()
                .orElse(code.isEmpty() ? -1 : code.get(0).index());
        assertSame(code, parameters);
    }

    static Stream<String> cells() {
        return Stream.of(
                "a = 1\nb: int = 2\nc = d = 'x'\ne, f = 1, 2\ng = h\n(i) = 3\nj.k = 4\nl[0] = 5",
                "a = -1\nb = +2.5\nc = 1_000\nd = 0x1F\ne = 0o17\nf = 0b101\ng = 1e3\nh = .5\ni = 1.\nj = 10**3\nk = 2j\nl = 1 + 2j\nm = -1 - 2.5j",
                "a = None\nb = True\nc = False\nd = ...\ne = b'x'\nf = 'a' 'b'\ng = f'{x}'\nh = -True\ni = --1\nj = not True",
                "a = [1, 'x', None]\nb = (1, 2)\nc = {1, 2, 1}\nd = set()\ne = {}\nf = {'a': 1, 2: 'b', 1.5: 3, True: 4, None: 5}\ng = {(1, 2): 3}\nh = {[1]: 2}\ni = {1: 'a', 1.0: 'b'}\nj = [*a]\nk = {**e}\nl = ((1,), [2, {'x': (3,)}])\nm = {1, (2, 3)}\nn = {1, [2]}\no = set([1])",
                "a = 123456789012345678901234567890\nb = -9223372036854775808\nc = 1e300 * 10\nd = 0.1\ne = 1e-5\nf = {1e16: 1, 0.0001: 2, -0.0: 3, 1e22: 4}",
                "x = x + 1\ny += x\nz = [x for x in y if x]\nw = {k: v for k, v in z.items()}\nfor i in range(x):\n    j = i\nelse:\n    k = j",
                "@dec(x)\ndef f(a=x, *b, c=y, **d) -> z:\n    x = 1\n    return y\nclass C(B, metaclass=M, **kw):\n    y = 2\n    z\nlam = lambda q=x: q + y",
                "async def g():\n    async for a in b:\n        pass\n    async with c as d:\n        await e\n@d1\n@d2\nasync def h(): pass\n@cls_dec\nclass   D: pass",
                "try:\n    a = 1\nexcept (E, F) as err:\n    b = err\nexcept G:\n    pass\nelse:\n    c = a\nfinally:\n    d = b",
                "import os, os.path, numpy as np\nfrom a.b import c, d as e\nfrom . import f\nfrom g import *\nwith open(p) as fh, open(q) as (r, s):\n    t = fh.read()",
                "if (n := len(a)) > 10:\n    m = n if a else b\nelif c:\n    del d\nwhile e:\n    f -= 1\nassert g, h\nraise I from J",
                "a = {k1: v1, k2: v2, **rest}\nb = x if y else z\nc = f(p, *q, r=s, **t)[u:v:w].attr\nd = [e for e in f for g in e if g]\nh = (i for i in j)\nk = {l for l in m}",
                "match cmd:\n    case [x, y, *rest]:\n        pass\n    case {'k': v, **others}:\n        pass\n    case Point(x=0, y=yy) as p if p:\n        pass\n    case Color.RED | None:\n        pass\n    case _:\n        z = 1",
                "s1 = 'plain'\ns2 = f'model_{v}.pkl'\ns3 = f'{x:.2f} and {y!r:>{w}}'\ns4 = f'{x=}'\ns5 = 'a' f'b{c}d' 'e'\ns6 = f''\ns7 = rb'bytes'\ns8 = '''multi\nline'''\ns9 = f\"{'nested'}\"\ndef doc():\n    'docstring'\nx: 'ann' = 'v'",
                "é = 1\nnaïve = é + 1\ns = '日本語'; t = s\n𝔘 = 2\nu = '𝔘'; v = u\nw = 'a\\u00e9' + x",
                "x = 1 \\\n    + y\nz = (a,\n     b)\ny = [\n  x,\n]\n\tq = 1" ,
                "a = 1\rb = a\r\nc = b\fd = c\ne = 'x\u2028y'; f = e",
                "%matplotlib inline\nimport os\n!ls -la\nx = 1\nfiles = !ls\ny = x\n%time\nz = %env HOME\nif x:\n    !echo model.pkl",
                "def broken(:\n    pass",
                "x = 1\nif x\n    y = 2",
                "print('unterminated",
                "global a\nnonlocal_b = 1\ntype_ = type(x)\nprint(*args, sep='')",
                "x: int\ny: int = x\n(z): int = 3\nw.v: int = 4",
                "for (a, b) in c: d = a\nfor [e, *f] in g: pass\n[h, i] = j\n*k, l = m",
                "f = lambda: (yield)\ng = lambda *a, k=1, **kw: a\nh = lambda x, /, y=2: x");
    }

    @ParameterizedTest
    @MethodSource("cells")
    void sameFactsOnCraftedCells(String source) throws Exception {
        assertSame(notebook(List.of(source)).cells(), 0);
    }

    private static void assertSame(List<Cell> code, int parameters) throws IOException {
        Set<String> names = new TreeSet<>();
        for (Cell cell : code) {
            Matcher words = java.util.regex.Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*").matcher(cell.source());
            while (words.find()) {
                names.add(words.group());
            }
        }
        List<CodeFacts.CellFacts> expected = new CpythonCodeFacts(Examples.python()).analyze(code, parameters, names);
        List<CodeFacts.CellFacts> actual = new ParserCodeFacts().analyze(code, parameters, names);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            CodeFacts.CellFacts e = expected.get(i);
            CodeFacts.CellFacts a = actual.get(i);
            String where = "cell " + e.cell() + ":\n" + code.get(i).source() + "\n";
            assertEquals(e.error() == null ? null : e.error().line(), a.error() == null ? null : a.error().line(),
                    where + "error: " + e.error() + " vs " + a.error());
            assertEquals(e.assignments(), a.assignments(), where + "assignments");
            assertEquals(e.events(), a.events(), where + "events");
            assertEquals(e.strings().stream().sorted().toList(), a.strings().stream().sorted().toList(), where + "strings");
        }
    }

    static Notebook notebook(List<String> sources) throws IOException {
        StringBuilder json = new StringBuilder("{\"cells\": [");
        for (int i = 0; i < sources.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"cell_type\": \"code\", \"execution_count\": null, \"outputs\": [], \"metadata\": {}, ")
                    .append("\"source\": ").append(Jsons.MAPPER.writeValueAsString(sources.get(i))).append("}");
        }
        json.append("], \"metadata\": {}, \"nbformat\": 4, \"nbformat_minor\": 5}");
        return Notebook.parse(json.toString().getBytes(StandardCharsets.UTF_8), "t.ipynb");
    }

    private static List<Path> files(Path folder, String prefix) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix) && p.toString().endsWith(".py")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
