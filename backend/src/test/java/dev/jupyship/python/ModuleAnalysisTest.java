package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scoping cases checked against ruff 0.17 (F401/F821) on the same code. */
class ModuleAnalysisTest {

    private static List<String> undefined(String source) {
        return ModuleAnalysis.analyze(source).undefinedNames().stream()
                .map(u -> u.name() + "@" + (u.span().startLine() + 1) + ":" + (u.span().startColumn() + 1)).toList();
    }

    private static List<String> unused(String source) {
        return ModuleAnalysis.analyze(source).unusedImports().stream().map(Binding::name).toList();
    }

    private static ModuleAnalysis cells(String... sources) {
        List<ParsedCell> cells = new ArrayList<>();
        for (int i = 0; i < sources.length; i++) {
            cells.add(ParsedCell.parse(i, sources[i]));
        }
        return ModuleAnalysis.analyzeCells(cells);
    }

    @Test
    void moduleLevelNamesMustBeBoundAbove() {
        assertEquals(List.of("z@1:7"), undefined("print(z)\nz = 1\n"));
        assertEquals(List.of("E@3:8", "e@5:1"), undefined("try:\n    pass\nexcept E as e:\n    pass\ne\n"));
        assertEquals(List.of("q@1:5", "q@2:1"), undefined("del q\nq\n"));
        assertEquals(List.of("q@3:1"), undefined("q = 1\ndel q\nq\n"));
        assertEquals(List.of(), undefined("q = 1\nif q:\n    del q\nq\n"));
    }

    @Test
    void functionBodiesSeeTheWholeModuleButTheirOwnNamesInOrder() {
        assertEquals(List.of(), undefined("def f():\n    return later\nlater = 1\n"));
        assertEquals(List.of("y@2:11"), undefined("def f():\n    print(y)\n    y = 1\n"));
        assertEquals(List.of("undefined_default@1:9"), undefined("def f(x=undefined_default): pass\n"));
        assertEquals(List.of("UndefT@1:10"), undefined("def f(a: UndefT): pass\n"));
        assertEquals(List.of("undefined_in_lambda@1:9"), undefined("lambda: undefined_in_lambda\n"));
        assertEquals(List.of(), undefined("def f():\n    global G\n    G = 1\nG\n"));
        assertEquals(List.of(), undefined("def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        x += 1\n    return inner\n"));
    }

    @Test
    void classScopesAreNotVisibleFromNestedFunctionsOrComprehensions() {
        assertEquals(List.of("y@4:16"), undefined("class C:\n    y = 1\n    def f(self):\n        return y\n"));
        assertEquals(List.of("y@3:10"), undefined("class C:\n    y = 1\n    z = [y for _ in range(3)]\n    w = [q for q in range(y)]\n"));
        assertEquals(List.of(), undefined("class C:\n    __qualname__\n    def f(self):\n        return __class__\n"));
    }

    @Test
    void comprehensionsWalrusMatchAndFStrings() {
        assertEquals(List.of("i@2:1"), undefined("[i for i in range(3)]\ni\n"));
        assertEquals(List.of(), undefined("[w := 1 for i in range(3)]\nw\n"));
        assertEquals(List.of("undefined_in_f@1:4"), undefined("f\"{undefined_in_f}\"\n"));
        assertEquals(List.of(), undefined("match p:\n    case [x, *rest] | {'k': x, **rest}:\n        pass\nx, rest\n".replace("match p", "p = 1\nmatch p")));
        assertEquals(List.of(), undefined("with open(f) as (a, b):\n    pass\nfor i, j in a: pass\na, b, i, j\n".replace("open(f)", "open(__file__)")));
    }

    @Test
    void builtinsStarImportsAndIPythonNames() {
        assertEquals(List.of(), undefined("print(len(range(3)), __name__, __file__, display, get_ipython, In, Out, _)\n"));
        assertEquals(List.of(), undefined("from m import *\nundefined_thing\n"));
        assertEquals(List.of("__path__@1:1"), undefined("__path__\n"));
    }

    @Test
    void unusedImportsFollowRuff() {
        assertEquals(List.of("os"), unused("import os\ndef f():\n    import os\n    return os\n"));
        assertEquals(List.of(), unused("import os\nimport os\nos.x\n"));
        assertEquals(List.of(), unused("import os\nos = 1\nos\n"));
        assertEquals(List.of(), unused("try:\n    import foo\nexcept ImportError:\n    foo = None\n"));
        assertEquals(List.of(), unused("__all__ = ['os']\nimport os\n"));
        assertEquals(List.of(), unused("from __future__ import annotations\n"));
        assertEquals(List.of(), unused("import a.b\nimport a.c\na.b.x\n"));
        assertEquals(List.of("np"), unused("import numpy as np\nimport pandas as pd\nf'{pd}'\n"));
        assertEquals(List.of(), unused("import sys\nsys.argv\nimport sys\n"));
    }

    @Test
    void unusedImportPointsAtTheBoundName() {
        Binding np = ModuleAnalysis.analyze("import numpy as np\n").unusedImports().get(0);
        assertEquals(16, np.span().startColumn());
        assertEquals("numpy", np.qualifiedName());
    }

    @Test
    void cellsAreOneModuleInOrder() {
        ModuleAnalysis analysis = cells("import numpy as np\n%matplotlib inline", "x = np.zeros(3)\nprint(later)", "%%bash\necho $x",
                "def f():\n    return later2\nlater = 1\nlater2 = 2");
        assertEquals(List.of("later"), analysis.undefinedNames().stream().map(NameUse::name).toList());
        assertEquals(1, analysis.undefinedNames().get(0).cell());
        assertEquals(List.of(0, 1, 3), analysis.perCell().stream().map(ModuleAnalysis.CellResult::cellIndex).toList());
        assertEquals(1, analysis.perCell().get(1).undefinedNames().size());
        assertTrue(analysis.moduleScope().bindings().containsKey("x"));
    }

    @Test
    void qualifiedNamesResolveImports() {
        ModuleAnalysis analysis = ModuleAnalysis.analyze("import numpy as np\nfrom datetime import datetime\nimport os.path\n"
                + "np.random.seed(0)\ndatetime.now()\nos.path.join('a')\neval('1')\nobj.method()\n");
        List<String> calls = analysis.cells().get(0).body().stream().flatMap(Node::stream).filter(Expr.Call.class::isInstance)
                .map(n -> analysis.qualifiedName((Expr.Call) n)).toList();
        assertEquals(List.of("numpy.random.seed", "datetime.datetime.now", "os.path.join", "eval", "obj.method"), calls);
        Expr.Name np = (Expr.Name) DottedNames.head(((Stmt.ExprStmt) analysis.cells().get(0).body().get(3)).value());
        assertEquals("numpy", analysis.bindingOf(np).importedModule());
        assertNull(analysis.bindingOf((Expr.Name) DottedNames.head(((Stmt.ExprStmt) analysis.cells().get(0).body().get(6)).value())));
    }

    @Test
    void scopesListTheirBindings() {
        ModuleAnalysis analysis = ModuleAnalysis.analyze("def f(a, *b, c=1, **d):\n    e = [g for g in a]\n    return e\nclass K:\n    attr = 1\n");
        Scope function = analysis.scopes().stream().filter(s -> s.kind() == Scope.Kind.FUNCTION).findFirst().orElseThrow();
        assertEquals(List.of("a", "b", "c", "d", "e"), List.copyOf(function.bindings().keySet()));
        Scope comprehension = analysis.scopes().stream().filter(s -> s.kind() == Scope.Kind.COMPREHENSION).findFirst().orElseThrow();
        assertEquals(List.of("g"), List.copyOf(comprehension.bindings().keySet()));
        Scope cls = analysis.scopes().stream().filter(s -> s.kind() == Scope.Kind.CLASS).findFirst().orElseThrow();
        assertEquals(List.of("attr"), List.copyOf(cls.bindings().keySet()));
        assertEquals(List.of("f", "K"), List.copyOf(analysis.moduleScope().bindings().keySet()));
    }

    @Test
    void literalChecksForParameterCells() {
        assertTrue(Literals.isParameterAssignments(PythonParser.parse("alpha = 0.5\nname: str = 'x'\nlayers = [1, -2, {'a': None}]\n").body()));
        assertFalse(Literals.isParameterAssignments(PythonParser.parse("alpha = 0.5\nbeta = alpha * 2\n").body()));
        assertFalse(Literals.isParameterAssignments(PythonParser.parse("import os\n").body()));
        assertEquals("/data/x.csv", Literals.stringValue(((Stmt.Assign) PythonParser.parse("p = '/data/' 'x.csv'").body().get(0)).value()));
    }

    @Test
    void visitorFindsPrintInsideLoops() {
        List<Span> found = new ArrayList<>();
        new AstVisitor() {
            int loops;

            @Override
            protected boolean enter(Node node) {
                if (node instanceof Stmt.For || node instanceof Stmt.While) {
                    loops++;
                }
                if (loops > 0 && node instanceof Expr.Call call && "print".equals(DottedNames.of(call))) {
                    found.add(call.span());
                }
                return true;
            }

            @Override
            protected void leave(Node node) {
                if (node instanceof Stmt.For || node instanceof Stmt.While) {
                    loops--;
                }
            }
        }.walk(PythonParser.parse("print(0)\nfor i in x:\n    if i:\n        print(i)\nprint(2)\n").body());
        assertEquals(1, found.size());
        assertEquals(3, found.get(0).startLine());
    }
}
