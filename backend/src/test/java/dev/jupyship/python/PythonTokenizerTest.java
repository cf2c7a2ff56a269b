package dev.jupyship.python;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PythonTokenizerTest {

    /** Kinds and texts, e.g. {@code NAME(x) OP(=) NUMBER(1) NEWLINE ENDMARKER}. */
    private static String tokens(String source) {
        return PythonTokenizer.tokenize(source).stream()
                .map(t -> t.text().isEmpty() ? t.kind().toString() : t.kind() + "(" + t.text() + ")")
                .collect(Collectors.joining(" "));
    }

    @Test
    void indentationMakesIndentAndDedentTokens() {
        assertEquals("NAME(if) NAME(x) OP(:) NEWLINE INDENT NAME(y) NEWLINE DEDENT NAME(z) NEWLINE ENDMARKER",
                tokens("if x:\n    y\n\n  # comment\nz\n"));
    }

    @Test
    void bracketsAndBackslashesJoinLines() {
        assertEquals("NAME(x) OP(=) OP(() NUMBER(1) OP(,) NUMBER(2) OP()) OP(+) NUMBER(3) NEWLINE ENDMARKER",
                tokens("x = (1,\n      2) + \\\n 3"));
    }

    @Test
    void stringPrefixesInAnyCase() {
        List<Token> all = PythonTokenizer.tokenize("r'a' B\"b\" Rb'''c''' bR\"d\" u'e' '''multi\nline'''");
        assertEquals(List.of("r'a'", "B\"b\"", "Rb'''c'''", "bR\"d\"", "u'e'", "'''multi\nline'''"),
                all.stream().filter(t -> t.is(TokenKind.STRING)).map(Token::text).toList());
        assertEquals(1, all.get(5).span().endLine());
    }

    @Test
    void numbersOfEveryForm() {
        assertEquals("NUMBER(1_000) NUMBER(0x_FF) NUMBER(0o17) NUMBER(0b1010) NUMBER(1.5e-3) NUMBER(.5) NUMBER(3j) NUMBER(1E5J) "
                + "NUMBER(10.) NEWLINE ENDMARKER", tokens("1_000 0x_FF 0o17 0b1010 1.5e-3 .5 3j 1E5J 10."));
        assertTrue(tokens("0777").contains("ERRORTOKEN(leading zeros"));
    }

    @Test
    void everyOperator() {
        assertEquals("NAME(a) OP(:=) NAME(b) OP(->) OP(**=) OP(@=) OP(//=) OP(>>=) OP(<<=) OP(!=) OP(...) OP(~) NEWLINE ENDMARKER",
                tokens("a := b -> **= @= //= >>= <<= != ... ~"));
    }

    @Test
    void fStringFieldsAreCode() {
        assertEquals("FSTRING_START(f\") FSTRING_MIDDLE(a ) OP({) NAME(x) OP(!) NAME(r) OP(:) FSTRING_MIDDLE(>) OP({) NAME(w) OP(}) "
                + "OP(}) FSTRING_MIDDLE( {{b}}) FSTRING_END(\") NEWLINE ENDMARKER", tokens("f\"a {x!r:>{w}} {{b}}\""));
    }

    @Test
    void fStringsNestQuotesAsInPep701() {
        assertEquals("FSTRING_START(f\") OP({) NAME(d) OP([) STRING(\"key\") OP(]) OP(}) FSTRING_END(\") NEWLINE ENDMARKER",
                tokens("f\"{d[\"key\"]}\""));
        assertEquals("FSTRING_START(f') OP({) FSTRING_START(f') OP({) NAME(x) OP(}) FSTRING_END(') OP(}) FSTRING_END(') NEWLINE ENDMARKER",
                tokens("f'{f'{x}'}'"));
    }

    @Test
    void fStringDebugAndComparisonAndDictsInFields() {
        assertEquals("FSTRING_START(f') OP({) NAME(a) OP(!=) NAME(b) OP(=) OP(}) OP({) OP({) NUMBER(1) OP(:) NUMBER(2) OP(}) OP(}) "
                + "FSTRING_END(') NEWLINE ENDMARKER", tokens("f'{a!=b=}{ {1:2} }'"));
    }

    @Test
    void positionsAreZeroBasedLinesAndUtf16Columns() {
        Token name = PythonTokenizer.tokenize("x = '\uD83D\uDE00'\ny").stream().filter(t -> t.isName("y")).findFirst().orElseThrow();
        assertEquals(new Span(9, 10, 1, 0, 1, 1), name.span());
        Token string = PythonTokenizer.tokenize("x = '\uD83D\uDE00'").get(2);
        assertEquals(8, string.span().endColumn());
    }

    @Test
    void errorsBecomeTokensAndTokenizingGoesOn() {
        String result = tokens("x = 'abc\ny = $\nz = (1,\n");
        assertTrue(result.contains("ERRORTOKEN(unterminated string literal)"), result);
        assertTrue(result.contains("ERRORTOKEN(invalid character '$')"), result);
        assertTrue(result.contains("ERRORTOKEN('(' was never closed)"), result);
        assertTrue(result.endsWith("ENDMARKER"), result);
    }

    @Test
    void anUnclosedBracketDoesNotSwallowTheNextDefinition() {
        String result = tokens("x = foo(1,\ndef f():\n    pass\n");
        assertTrue(result.startsWith("NAME(x) OP(=) NAME(foo) OP(() NUMBER(1) OP(,) ERRORTOKEN('(' was never closed) NEWLINE NAME(def)"),
                result);
    }

    @Test
    void commentsAreKeptAside() {
        PythonTokenizer tokenizer = new PythonTokenizer("x = 1  # type: int\n# alone\n");
        tokenizer.run();
        assertEquals(2, tokenizer.comments().size());
        assertEquals(7, tokenizer.comments().get(0).startColumn());
    }
}
