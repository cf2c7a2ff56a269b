package dev.jupyship.python;

import static dev.jupyship.python.AstDump.dump;
import static dev.jupyship.python.AstDump.expression;
import static dev.jupyship.python.AstDump.statement;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PythonParserTest {

    @Test
    void precedenceOfEveryOperatorLevel() {
        assertEquals("BinOp(Name(a LOAD) + BinOp(Name(b LOAD) * Name(c LOAD)))", expression("a + b * c"));
        assertEquals("BinOp(BinOp(Name(a LOAD) - Name(b LOAD)) - Name(c LOAD))", expression("a - b - c"));
        assertEquals("UnaryOp(- BinOp(Name(a LOAD) ** UnaryOp(- Name(b LOAD))))", expression("-a ** -b"));
        assertEquals("BinOp(Name(a LOAD) | BinOp(Name(b LOAD) ^ BinOp(Name(c LOAD) & BinOp(Name(d LOAD) << Name(e LOAD)))))",
                expression("a | b ^ c & d << e"));
        assertEquals("BoolOp(or [Name(a LOAD), BoolOp(and [Name(b LOAD), UnaryOp(not Name(c LOAD))])])",
                expression("a or b and not c"));
        assertEquals("Compare(Name(a LOAD) [<, not in, is not] [Name(b LOAD), Name(c LOAD), NamedConstant(NONE)])",
                expression("a < b not in c is not None"));
        assertEquals("IfExp(Name(c LOAD) Name(a LOAD) Lambda(Parameters([] [Parameter(x null null)] null [] null) Name(x LOAD)))",
                expression("a if c else lambda x: x"));
        assertEquals("BinOp(Await(Name(x LOAD)) ** NumberLiteral(2))", expression("await x ** 2"));
    }

    @Test
    void callsSubscriptsAttributesAndSlices() {
        assertEquals("Call(Attribute(Attribute(Name(np LOAD) random LOAD) seed LOAD) [NumberLiteral(0)] [])", expression("np.random.seed(0)"));
        assertEquals("Call(Name(f LOAD) [Name(a LOAD), Starred(Name(b LOAD) LOAD)] [Keyword(k NumberLiteral(1)), Keyword(null Name(kw LOAD))])",
                expression("f(a, *b, k=1, **kw)"));
        assertEquals("Subscript(Name(x LOAD) Tuple([Slice(NumberLiteral(1) null NumberLiteral(2)), Slice(null null null), NamedConstant(ELLIPSIS)] LOAD) LOAD)",
                expression("x[1::2, :, ...]"));
        assertEquals("Call(Name(sum LOAD) [Comprehension(GENERATOR Name(i LOAD) [ForClause(Name(i STORE) Name(r LOAD) [] false)])] [])",
                expression("sum(i for i in r)"));
    }

    @Test
    void displaysAndComprehensions() {
        assertEquals("Dict([StringLiteral(a false), null] [NumberLiteral(1), Name(d LOAD)])", expression("{'a': 1, **d}"));
        assertEquals("SetExpr([NumberLiteral(1), Starred(Name(s LOAD) LOAD)])", expression("{1, *s}"));
        assertEquals("DictComprehension(Name(k LOAD) Name(v LOAD) [ForClause(Tuple([Name(k STORE), Name(v STORE)] STORE) "
                + "Call(Attribute(Name(d LOAD) items LOAD) [] []) [Name(v LOAD)] false)])", expression("{k: v for k, v in d.items() if v}"));
        assertEquals("Comprehension(LIST Name(x LOAD) [ForClause(Name(x STORE) Name(a LOAD) [] false), "
                + "ForClause(Name(y STORE) Name(x LOAD) [] true)])", expression("[x for x in a async for y in x]"));
        assertEquals("Tuple([] LOAD)", expression("()"));
        assertEquals("Tuple([NumberLiteral(1)] LOAD)", expression("1,"));
    }

    @Test
    void stringsJoinAndDecode() {
        assertEquals("StringLiteral(ab\nc\\n false)", expression("'a' \"b\\n\" r'c\\n'"));
        assertEquals("StringLiteral(\u00e9 true)", expression("b'\\xe9'"));
        assertEquals("JoinedStr([StringLiteral(x=1 false), FormattedValue(Name(a LOAD) r JoinedStr([StringLiteral(> false), "
                + "FormattedValue(Name(w LOAD) - null null)]) null), StringLiteral( {y} z false)])",
                expression("'x=1' f'{a!r:>{w}} {{y}}' ' z'"));
        assertEquals("JoinedStr([FormattedValue(BinOp(Name(x LOAD) + NumberLiteral(1)) - null x + 1 =)])", expression("f'{x + 1 =}'"));
        assertEquals("JoinedStr([FormattedValue(Subscript(Name(d LOAD) StringLiteral(k false) LOAD) - null null)])",
                expression("f\"{d[\"k\"]}\""));
    }

    @Test
    void assignmentsOfEveryKind() {
        assertEquals("Assign([Name(a STORE), Tuple([Name(b STORE), Starred(Name(c STORE) STORE)] STORE)] Name(x LOAD))",
                statement("a = b, *c = x"));
        assertEquals("AugAssign(Attribute(Name(a LOAD) b STORE) ** NumberLiteral(2))", statement("a.b **= 2"));
        assertEquals("AnnAssign(Name(x STORE) Name(int LOAD) NumberLiteral(1) true)", statement("x: int = 1"));
        assertEquals("AnnAssign(Name(x STORE) Name(int LOAD) null false)", statement("(x): int"));
        assertEquals("ExprStmt(NamedExpr(Name(n STORE) Call(Name(len LOAD) [Name(a LOAD)] [])))", statement("(n := len(a))"));
        assertEquals("TypeAlias(Name(Vec STORE) [TypeParam(TYPE_VAR T Name(float LOAD) null)] Subscript(Name(list LOAD) Name(T LOAD) LOAD))",
                statement("type Vec[T: float] = list[T]"));
        assertEquals("Assign([Name(type STORE)] NumberLiteral(3))", statement("type = 3"));
    }

    @Test
    void functionsWithEveryParameterKind() {
        String dump = statement("@dec\nasync def f(a, /, b: int = 1, *args: str, c, d=2, **kw) -> None:\n    return await g()\n");
        assertEquals("FunctionDef(f [Name(dec LOAD)] [] Parameters([Parameter(a null null)] [Parameter(b Name(int LOAD) NumberLiteral(1))] "
                + "Parameter(args Name(str LOAD) null) [Parameter(c null null), Parameter(d null NumberLiteral(2))] Parameter(kw null null)) "
                + "NamedConstant(NONE) [Return(Await(Call(Name(g LOAD) [] [])))] true)", dump);
        assertEquals("ClassDef(C [] [] [Name(Base LOAD)] [Keyword(metaclass Name(M LOAD))] [Pass()])",
                statement("class C(Base, metaclass=M): pass"));
    }

    @Test
    void controlFlow() {
        assertEquals("If(Name(a LOAD) [Pass()] [If(Name(b LOAD) [Break()] [Continue()])])",
                statement("if a:\n    pass\nelif b:\n    break\nelse:\n    continue\n"));
        assertEquals("For(Tuple([Name(i STORE), Name(x STORE)] STORE) Call(Name(enumerate LOAD) [Name(xs LOAD)] []) [ExprStmt(Yield(Name(x LOAD) false))] "
                + "[ExprStmt(Yield(Name(y LOAD) true))] true)", statement("async for i, x in enumerate(xs):\n    yield x\nelse:\n    yield from y\n"));
        assertEquals("While(NamedExpr(Name(line STORE) Call(Name(read LOAD) [] [])) [Pass()] [Pass()])",
                statement("while line := read():\n    pass\nelse:\n    pass\n"));
        assertEquals("Try([Pass()] [ExceptHandler(Tuple([Name(A LOAD), Name(B LOAD)] LOAD) Identifier(e) [Raise(Name(X LOAD) Name(e LOAD))])] "
                + "[Pass()] [Pass()] false)", statement("try:\n    pass\nexcept (A, B) as e:\n    raise X from e\nelse:\n    pass\nfinally:\n    pass\n"));
        assertTrue(statement("try:\n    pass\nexcept* ValueError:\n    pass\n").endsWith("true)"));
        assertEquals("With([WithItem(Call(Name(open LOAD) [Name(a LOAD)] []) Name(f STORE)), WithItem(Name(b LOAD) null)] [Pass()] false)",
                statement("with (\n    open(a) as f,\n    b,\n):\n    pass\n"));
        assertEquals("With([WithItem(Tuple([Name(a LOAD), Name(b LOAD)] LOAD) Name(c STORE))] [Pass()] false)", statement("with (a, b) as c: pass"));
    }

    @Test
    void importsGlobalsAndSmallStatements() {
        assertEquals("Import([Alias(numpy np), Alias(os.path null)])", statement("import numpy as np, os.path"));
        assertEquals("ImportFrom(null 2 [Alias(a null), Alias(b c)])", statement("from .. import (a,\n b as c,)"));
        assertEquals("ImportFrom(pkg.mod 1 [Alias(* null)])", statement("from .pkg.mod import *"));
        assertEquals("Alias(os.path null)", dump(((Stmt.Import) PythonParser.parse("import os.path").body().get(0)).names().get(0)));
        assertEquals("[Global([a, b]), Delete([Name(x DEL), Subscript(Name(y LOAD) NumberLiteral(0) DEL)]), Assert(Name(x LOAD) StringLiteral(m false))]",
                dump(PythonParser.parse("global a, b; del x, y[0]; assert x, 'm'").body()));
    }

    @Test
    void matchWithEveryPatternKind() {
        String source = """
                match command.split():
                    case [action, *rest] if rest:
                        pass
                    case {"k": 1 | 2 as v, **others}:
                        pass
                    case Point(x=0, y=_) | Color.RED:
                        pass
                    case (-1 + 2j, None, "s"):
                        pass
                    case _:
                        pass
                """;
        assertEquals("Match(Call(Attribute(Name(command LOAD) split LOAD) [] []) ["
                + "MatchCase(MatchSequence([MatchAs(null Identifier(action)), MatchStar(Identifier(rest))]) Name(rest LOAD) [Pass()]), "
                + "MatchCase(MatchMapping([StringLiteral(k false)] [MatchAs(MatchOr([MatchValue(NumberLiteral(1)), MatchValue(NumberLiteral(2))]) "
                + "Identifier(v))] Identifier(others)) null [Pass()]), "
                + "MatchCase(MatchOr([MatchClass(Name(Point LOAD) [] [Identifier(x), Identifier(y)] [MatchValue(NumberLiteral(0)), MatchAs(null null)]), "
                + "MatchValue(Attribute(Name(Color LOAD) RED LOAD))]) null [Pass()]), "
                + "MatchCase(MatchSequence([MatchValue(BinOp(UnaryOp(- NumberLiteral(1)) + NumberLiteral(2j))), "
                + "MatchSingleton(NamedConstant(NONE)), MatchValue(StringLiteral(s false))]) null [Pass()]), "
                + "MatchCase(MatchAs(null null) null [Pass()])])", statement(source));
    }

    @Test
    void softKeywordsStayNames() {
        assertEquals("[Assign([Name(match STORE)] Call(Attribute(Name(re LOAD) match LOAD) [Name(p LOAD), Name(s LOAD)] [])), "
                + "ExprStmt(Call(Name(match LOAD) [Name(x LOAD)] [])), ExprStmt(BinOp(Name(match LOAD) * Name(case LOAD))), "
                + "Assign([Name(_ STORE)] Name(type LOAD))]", dump(PythonParser.parse("match = re.match(p, s)\nmatch(x)\nmatch * case\n_ = type\n").body()));
    }

    @Test
    void spansCoverTheNode() {
        PythonModule module = PythonParser.parse("x = 1\nif x:\n    y = f(a,\n          b)\n");
        Stmt.If ifStmt = (Stmt.If) module.body().get(1);
        assertEquals(new Span(6, 37, 1, 0, 3, 12), ifStmt.span());
        assertEquals("f(a,\n          b)", module.text(((Stmt.Assign) ifStmt.body().get(0)).value()));
    }

    @Test
    void aBrokenStatementBecomesAnErrorAndTheRestStillParses() {
        PythonModule module = PythonParser.parse("import os\nif x\n    y = 1\nz = os.path\ndef f(:\n    pass\nw = 2\n");
        assertEquals("[Import([Alias(os null)]), ErrorStmt(expected ':', found end of line), Assign([Name(z STORE)] Attribute(Name(os LOAD) path LOAD)), "
                + "ErrorStmt('(' was never closed), Assign([Name(w STORE)] NumberLiteral(2))]", dump(module.body()));
        Stmt.ErrorStmt error = module.errors().get(0);
        assertEquals(1, error.errorAt().startLine());
        assertEquals(4, error.errorAt().startColumn());
        assertEquals("expected ':', found end of line at 2:5", error.toString());
    }

    @Test
    void errorsInsideABlockStayInsideIt() {
        PythonModule module = PythonParser.parse("def f():\n    x = = 1\n    return x\n");
        Stmt.FunctionDef f = (Stmt.FunctionDef) module.body().get(0);
        assertEquals(2, f.body().size());
        assertInstanceOf(Stmt.ErrorStmt.class, f.body().get(0));
        assertInstanceOf(Stmt.Return.class, f.body().get(1));
    }

    @Test
    void unexpectedIndentKeepsTheIndentedCode() {
        PythonModule module = PythonParser.parse("x = 1\n    y = 2\nz = 3\n");
        assertEquals("[Assign([Name(x STORE)] NumberLiteral(1)), ErrorStmt(unexpected indent), Assign([Name(y STORE)] NumberLiteral(2)), "
                + "Assign([Name(z STORE)] NumberLiteral(3))]", dump(module.body()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"print x", "x = = 1", "f(a for a in b, c)", "a + = 1", "def f(x=1, y): pass", "1 = x", "f() = 1",
        "x = *a", "except ValueError:\n    pass", "lambda: (yield)x", "class", "for x in : pass", "x = [1, 2", "f'{}'", "f'{x!z}'",
        "import", "from . import", "s = b'a' 'b'", "del f()", "@dec\nx = 1", "try:\n    pass\n", "if x:\npass", "with open(f) as g(): pass",
        "a, b += 1", "print 'hello'", "except E, e:", "x = 0777", "`x`", "x = 1 +", "case x:", "raise E, 'msg'"})
    void invalidCodeGivesErrorNodesNotExceptions(String source) {
        PythonModule module = PythonParser.parse(source);
        assertTrue(module.hasErrors(), () -> dump(module.body()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"f(x for x in y)", "x = yield", "print(*a, sep='')", "a[b:c, ::d]", "lambda *a, k=1, **kw: 0",
        "def f(*, a): pass", "x: list[int]", "async def f():\n    async with a as b, c:\n        await b\n", "a if b else c if d else e",
        "not not x", "x = 1if y else 2", "[*a, *b]", "{**a, 'b': 1}", "f'{x:{w}.{p}f}'", "f'''{\nx\n}'''", "print(f\"{'a' if x else 'b'}\")",
        "@property\ndef f(self): ...", "global x\nx = 1", "x = [i for i in range(3) if i if i > 0]", "del (a, b), [c]",
        "from __future__ import annotations", "x = a[*b]", "def f[T, *Ts, **P](x: T) -> T: ...", "class C[T]: pass",
        "try:\n    pass\nexcept:\n    pass", "with (yield x): pass", "for x, in y: pass", "while 1: break", "x = -1j", "s = rb'\\d' Br'x'",
        "a = b = c", "a @= b", "(a) = 1", "[a, (b, c)] = d", "x = (yield from g())", "match x:\n    case [1, 2]:\n        pass\n"})
    void validCodeParsesWithoutErrors(String source) {
        PythonModule module = PythonParser.parse(source);
        assertFalse(module.hasErrors(), () -> dump(module.body()));
    }

    @Test
    void deepNestingGivesAnErrorNotAStackOverflow() {
        PythonModule parens = PythonParser.parse("x = " + "(".repeat(10_000) + "1" + ")".repeat(10_000) + "\ny = 2\n");
        assertEquals("too many nested parentheses", parens.errors().get(0).message());
        assertInstanceOf(Stmt.Assign.class, parens.body().get(parens.body().size() - 1));
        assertTrue(PythonParser.parse("x = " + "-".repeat(10_000) + "1").hasErrors());
        assertTrue(PythonParser.parse("x = " + "not ".repeat(10_000) + "1").hasErrors());
        StringBuilder blocks = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            blocks.append(" ".repeat(i)).append("if x:\n");
        }
        blocks.append(" ".repeat(500)).append("pass\n");
        assertTrue(PythonParser.parse(blocks.toString()).hasErrors());
        StringBuilder indents = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            indents.append(" ".repeat(i)).append("x\n");
        }
        assertTrue(PythonParser.parse(indents.toString()).hasErrors());
    }

    @Test
    void garbageNeverThrowsNorHangs() {
        java.util.Random random = new java.util.Random(42);
        String alphabet = "()[]{}:;,.=+-*/%@!?'\"#\\\n\t  abcdefxyz0123if else for in def class lambda yield f'{}' match case";
        for (int round = 0; round < 2_000; round++) {
            StringBuilder source = new StringBuilder();
            int length = random.nextInt(80);
            for (int i = 0; i < length; i++) {
                source.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            PythonModule module = PythonParser.parse(source.toString());
            List<Node> all = module.body().stream().flatMap(Node::stream).toList();
            assertTrue(all.size() >= module.body().size());
        }
    }
}
