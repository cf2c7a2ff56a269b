package dev.jupyship.python;

import dev.jupyship.python.Expr.Ctx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for Python 3.12 over {@link PythonTokenizer}'s tokens, producing the
 * {@link Stmt}/{@link Expr}/{@link Pattern} tree.
 *
 * <p>Built for notebooks, which hold unfinished code: a statement that does not parse becomes a
 * {@link Stmt.ErrorStmt} and parsing resumes at the next line at the same or a lower indentation
 * (a failed compound statement takes its indented block with it). It never throws for bad input,
 * every loop consumes a token, and nesting deeper than {@link #MAX_DEPTH} is an error node rather
 * than a StackOverflowError. What CPython 3.11 compiles parses: its tokenizer's limits (200 nested
 * brackets, 100 indentation levels) are the tokenizer's here, and a cell nested too deep for the
 * caller's stack is parsed again on a thread with a stack big enough for {@link #MAX_DEPTH}.
 *
 * <p>Not checked (CPython reports them in its compiler, after parsing): {@code return}/{@code yield}
 * outside a function, {@code break} outside a loop, {@code nonlocal} at module level, duplicate
 * parameter names, {@code await} outside async functions.
 */
public final class PythonParser {

    /**
     * Nesting of expressions plus statements: room for CPython's bracket and indentation limits
     * together (200 and 100). Chains of unary operators or lambdas deeper than this, which CPython
     * compiles up to about 2,000, are reported as too deeply nested: the rules walk the tree
     * recursively too, on the sidecar's 512 KB stacks.
     */
    public static final int MAX_DEPTH = 400;
    /** Enough for {@link #MAX_DEPTH} levels at the deepest frames per level (about 4 KB, interpreted). */
    private static final long DEEP_STACK_BYTES = 64L * 1024 * 1024;

    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield");

    private static final Set<String> AUGMENTED = Set.of("+=", "-=", "*=", "/=", "//=", "%=", "@=", "&=", "|=", "^=", ">>=",
            "<<=", "**=");

    private final String source;
    private final List<Token> tokens;
    private int p;
    private int depth;

    private PythonParser(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** Parses a whole module. */
    public static PythonModule parse(String source) {
        try {
            return parseHere(source);
        } catch (StackOverflowError e) {
            return parseOnDeepStack(source);
        }
    }

    private static PythonModule parseOnDeepStack(String source) {
        PythonModule[] parsed = new PythonModule[1];
        Thread thread = new Thread(null, () -> parsed[0] = parseHere(source), "python-parser-deep-stack", DEEP_STACK_BYTES);
        thread.start();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true; // the parse is short; finish it, then pass the interrupt on
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (parsed[0] == null) {
            throw new IllegalStateException("the Python parser overflowed a " + DEEP_STACK_BYTES / (1024 * 1024) + " MB stack");
        }
        return parsed[0];
    }

    private static PythonModule parseHere(String source) {
        PythonTokenizer tokenizer = new PythonTokenizer(source);
        List<Token> tokens = tokenizer.run();
        PythonParser parser = new PythonParser(source, tokens);
        List<Stmt> body = new ArrayList<>();
        while (!parser.at(TokenKind.ENDMARKER)) {
            parser.parseStatementInto(body);
        }
        return new PythonModule(source, List.copyOf(body), tokenizer.comments());
    }

    /** Thrown inside the parser only; caught at statement level. No stack trace: it is control flow. */
    private static final class ParseError extends RuntimeException {
        final Span at;

        ParseError(String message, Span at) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    // ---- token access ----

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token token = tokens.get(p);
        if (p < tokens.size() - 1) {
            p++;
        }
        return token;
    }

    private boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    private boolean atOp(String op) {
        return peek().isOp(op);
    }

    private boolean atName(String word) {
        return peek().isName(word);
    }

    private boolean acceptOp(String op) {
        if (atOp(op)) {
            next();
            return true;
        }
        return false;
    }

    private boolean acceptName(String word) {
        if (atName(word)) {
            next();
            return true;
        }
        return false;
    }

    private Token expectOp(String op) {
        if (!atOp(op)) {
            throw error("expected '" + op + "'");
        }
        return next();
    }

    private Token expectName(String word) {
        if (!atName(word)) {
            throw error("expected '" + word + "'");
        }
        return next();
    }

    /** A NAME that is not a keyword. */
    private Token expectIdentifier() {
        Token token = peek();
        if (token.kind() != TokenKind.NAME || KEYWORDS.contains(token.text())) {
            throw error("expected a name");
        }
        return next();
    }

    /** The last token consumed, NEWLINE/INDENT/DEDENT left out: where a node ends. */
    private Span previous() {
        int i = Math.max(0, p - 1);
        while (i > 0 && isLineBoundary(tokens.get(i).kind())) {
            i--;
        }
        return tokens.get(i).span();
    }

    private Span from(Span start) {
        return Span.between(start, previous());
    }

    private ParseError error(String message) {
        Token token = peek();
        if (token.kind() == TokenKind.ERRORTOKEN) {
            return new ParseError(token.text(), token.span());
        }
        for (int i = p; i < tokens.size() && tokens.get(i).kind() != TokenKind.NEWLINE; i++) {
            // a tokenizer error later on the line explains the failure better than "expected x"
            if (tokens.get(i).kind() == TokenKind.ERRORTOKEN) {
                return new ParseError(tokens.get(i).text(), tokens.get(i).span());
            }
        }
        if (token.kind() == TokenKind.INDENT) {
            return new ParseError("unexpected indent", token.span());
        }
        String found = switch (token.kind()) {
            case NEWLINE -> "end of line";
            case ENDMARKER -> "end of input";
            case DEDENT -> "end of block";
            default -> "'" + token.text() + "'";
        };
        return new ParseError(message.startsWith("expected") ? message + ", found " + found : message, token.span());
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new ParseError("too deeply nested (more than " + MAX_DEPTH + " levels)", peek().span());
        }
    }

    private void exit() {
        depth--;
    }

    // ---- statements and recovery ----

    private void parseStatementInto(List<Stmt> out) {
        if (at(TokenKind.INDENT)) {
            Token indent = next();
            out.add(new Stmt.ErrorStmt(indent.span(), "unexpected indent", indent.span()));
            // keep the indented statements: they are still code the rules should see
            if (depth < MAX_DEPTH) {
                depth++;
                while (!at(TokenKind.DEDENT) && !at(TokenKind.ENDMARKER)) {
                    parseStatementInto(out);
                }
                depth--;
                if (at(TokenKind.DEDENT)) {
                    next();
                }
            } else {
                skipBlockBody();
            }
            return;
        }
        if (at(TokenKind.DEDENT)) {
            next(); // only after an "unindent does not match" error; nothing to parse
            return;
        }
        int start = p;
        int savedDepth = depth;
        try {
            parseStatement(out);
        } catch (ParseError e) {
            depth = savedDepth;
            out.add(recover(start, e));
        }
    }

    /** Skips to the next line at the same or a lower indentation; the skipped tokens make the error node. */
    private Stmt.ErrorStmt recover(int start, ParseError e) {
        boolean atLineStart = p > start && isLineBoundary(tokens.get(p - 1).kind());
        if (!atLineStart) {
            while (!at(TokenKind.NEWLINE) && !at(TokenKind.ENDMARKER)) {
                next();
            }
            if (at(TokenKind.NEWLINE)) {
                next();
            }
            if (at(TokenKind.INDENT)) {
                next();
                skipBlockBody();
            }
        }
        if (p == start && !at(TokenKind.ENDMARKER)) {
            next();
        }
        Span first = tokens.get(start).span();
        Span span = p > start ? Span.between(first, tokens.get(p - 1).span()) : first;
        return new Stmt.ErrorStmt(span, e.getMessage(), e.at);
    }

    private static boolean isLineBoundary(TokenKind kind) {
        return kind == TokenKind.NEWLINE || kind == TokenKind.DEDENT || kind == TokenKind.INDENT;
    }

    /** After an INDENT: skips to and past its DEDENT, iteratively. */
    private void skipBlockBody() {
        int level = 1;
        while (level > 0 && !at(TokenKind.ENDMARKER)) {
            Token token = next();
            if (token.kind() == TokenKind.INDENT) {
                level++;
            } else if (token.kind() == TokenKind.DEDENT) {
                level--;
            }
        }
    }

    private void parseStatement(List<Stmt> out) {
        Token token = peek();
        if (token.kind() == TokenKind.NAME) {
            switch (token.text()) {
                case "def" -> {
                    out.add(parseFunction(token.span(), List.of(), false));
                    return;
                }
                case "class" -> {
                    out.add(parseClass(token.span(), List.of()));
                    return;
                }
                case "if" -> {
                    out.add(parseIf());
                    return;
                }
                case "while" -> {
                    out.add(parseWhile());
                    return;
                }
                case "for" -> {
                    out.add(parseFor(token.span(), false));
                    return;
                }
                case "try" -> {
                    out.add(parseTry());
                    return;
                }
                case "with" -> {
                    out.add(parseWith(token.span(), false));
                    return;
                }
                case "async" -> {
                    next();
                    if (atName("def")) {
                        out.add(parseFunction(token.span(), List.of(), true));
                    } else if (atName("for")) {
                        out.add(parseFor(token.span(), true));
                    } else if (atName("with")) {
                        out.add(parseWith(token.span(), true));
                    } else {
                        throw error("expected 'def', 'for' or 'with' after 'async'");
                    }
                    return;
                }
                case "match" -> {
                    Stmt match = tryParseMatch();
                    if (match != null) {
                        out.add(match);
                        return;
                    }
                }
                case "elif", "else", "except", "finally" -> throw error("invalid syntax: '" + token.text() + "' without a matching statement");
                default -> {
                }
            }
        } else if (token.isOp("@")) {
            out.add(parseDecorated());
            return;
        }
        parseSimpleStatements(out);
    }

    /** {@code small_stmt (';' small_stmt)* [';'] NEWLINE}. */
    private void parseSimpleStatements(List<Stmt> out) {
        out.add(parseSmallStatement());
        while (acceptOp(";")) {
            if (at(TokenKind.NEWLINE) || at(TokenKind.ENDMARKER)) {
                break;
            }
            out.add(parseSmallStatement());
        }
        if (!at(TokenKind.NEWLINE) && !at(TokenKind.ENDMARKER)) {
            throw error("invalid syntax: expected end of statement");
        }
        next();
    }

    private Stmt parseSmallStatement() {
        Token token = peek();
        Span start = token.span();
        if (token.kind() == TokenKind.NAME) {
            switch (token.text()) {
                case "pass" -> {
                    next();
                    return new Stmt.Pass(start);
                }
                case "break" -> {
                    next();
                    return new Stmt.Break(start);
                }
                case "continue" -> {
                    next();
                    return new Stmt.Continue(start);
                }
                case "return" -> {
                    next();
                    Expr value = atEndOfSimpleStatement() ? null : parseStarExpressions();
                    return new Stmt.Return(from(start), value);
                }
                case "raise" -> {
                    next();
                    Expr exception = null;
                    Expr cause = null;
                    if (!atEndOfSimpleStatement()) {
                        exception = parseTest();
                        if (acceptName("from")) {
                            cause = parseTest();
                        }
                    }
                    return new Stmt.Raise(from(start), exception, cause);
                }
                case "global", "nonlocal" -> {
                    next();
                    List<String> names = new ArrayList<>();
                    do {
                        names.add(expectIdentifier().text());
                    } while (acceptOp(","));
                    return token.text().equals("global") ? new Stmt.Global(from(start), names) : new Stmt.Nonlocal(from(start), names);
                }
                case "del" -> {
                    next();
                    List<Expr> targets = new ArrayList<>();
                    do {
                        if (atEndOfSimpleStatement()) {
                            break;
                        }
                        targets.add(toTarget(parseBitOr(), Ctx.DEL));
                    } while (acceptOp(","));
                    if (targets.isEmpty()) {
                        throw error("expected a target after 'del'");
                    }
                    return new Stmt.Delete(from(start), targets);
                }
                case "assert" -> {
                    next();
                    Expr test = parseTest();
                    Expr message = acceptOp(",") ? parseTest() : null;
                    return new Stmt.Assert(from(start), test, message);
                }
                case "import" -> {
                    return parseImport();
                }
                case "from" -> {
                    return parseFromImport();
                }
                case "type" -> {
                    if (peek(1).kind() == TokenKind.NAME && (peek(2).isOp("=") || peek(2).isOp("["))) {
                        return parseTypeAlias();
                    }
                }
                default -> {
                }
            }
        }
        return parseExpressionStatement();
    }

    private boolean atEndOfSimpleStatement() {
        return at(TokenKind.NEWLINE) || at(TokenKind.ENDMARKER) || atOp(";");
    }

    private Stmt parseExpressionStatement() {
        Token first = peek();
        Expr expr = atName("yield") ? parseYield() : parseStarExpressions();
        if (atOp(":")) {
            next();
            Expr target = toTarget(expr, Ctx.STORE);
            if (!(target instanceof Expr.Name || target instanceof Expr.Attribute || target instanceof Expr.Subscript)) {
                throw new ParseError("only single target (not tuple) can be annotated", expr.span());
            }
            Expr annotation = parseTest();
            Expr value = null;
            if (acceptOp("=")) {
                value = atName("yield") ? parseYield() : parseStarExpressions();
            }
            boolean simple = target instanceof Expr.Name && !first.isOp("(");
            return new Stmt.AnnAssign(from(first.span()), target, annotation, value, simple);
        }
        if (peek().kind() == TokenKind.OP && AUGMENTED.contains(peek().text())) {
            String op = next().text();
            Expr target = toTarget(expr, Ctx.STORE);
            if (!(target instanceof Expr.Name || target instanceof Expr.Attribute || target instanceof Expr.Subscript)) {
                throw new ParseError("'" + describe(expr) + "' is an illegal expression for augmented assignment", expr.span());
            }
            Expr value = atName("yield") ? parseYield() : parseStarExpressions();
            return new Stmt.AugAssign(from(first.span()), target, op.substring(0, op.length() - 1), value);
        }
        if (atOp("=")) {
            List<Expr> targets = new ArrayList<>();
            Expr value = expr;
            while (acceptOp("=")) {
                targets.add(toTarget(value, Ctx.STORE));
                value = atName("yield") ? parseYield() : parseStarExpressions();
            }
            rejectBareStarred(value);
            return new Stmt.Assign(from(first.span()), targets, value);
        }
        rejectBareStarred(expr);
        if (expr instanceof Expr.Name name && name.id().equals("print") && startsExpression(peek())) {
            throw error("Missing parentheses in call to 'print'. Did you mean print(...)?");
        }
        return new Stmt.ExprStmt(from(first.span()), expr);
    }

    private static void rejectBareStarred(Expr expr) {
        if (expr instanceof Expr.Starred) {
            throw new ParseError("can't use starred expression here", expr.span());
        }
    }

    private Stmt parseTypeAlias() {
        Span start = next().span();
        Token name = expectIdentifier();
        List<Part.TypeParam> typeParams = atOp("[") ? parseTypeParams() : List.of();
        expectOp("=");
        Expr value = parseTest();
        return new Stmt.TypeAlias(from(start), new Expr.Name(name.span(), name.text(), Ctx.STORE), typeParams, value);
    }

    private Stmt parseImport() {
        Span start = next().span();
        List<Part.Alias> names = new ArrayList<>();
        do {
            Span aliasStart = peek().span();
            String module = parseDottedName();
            String asName = acceptName("as") ? expectIdentifier().text() : null;
            names.add(new Part.Alias(from(aliasStart), module, asName));
        } while (acceptOp(","));
        return new Stmt.Import(from(start), names);
    }

    private String parseDottedName() {
        StringBuilder name = new StringBuilder(expectIdentifier().text());
        while (acceptOp(".")) {
            name.append('.').append(expectIdentifier().text());
        }
        return name.toString();
    }

    private Stmt parseFromImport() {
        Span start = next().span();
        int level = 0;
        while (atOp(".") || atOp("...")) {
            level += next().text().length();
        }
        String module = null;
        if (!atName("import")) {
            module = parseDottedName();
        } else if (level == 0) {
            throw error("expected a module name");
        }
        expectName("import");
        List<Part.Alias> names = new ArrayList<>();
        if (atOp("*")) {
            Token star = next();
            names.add(new Part.Alias(star.span(), "*", null));
            return new Stmt.ImportFrom(from(start), module, level, names);
        }
        boolean parenthesized = acceptOp("(");
        do {
            if (parenthesized && atOp(")")) {
                break;
            }
            Token name = expectIdentifier();
            String asName = acceptName("as") ? expectIdentifier().text() : null;
            names.add(new Part.Alias(from(name.span()), name.text(), asName));
        } while (acceptOp(","));
        if (parenthesized) {
            expectOp(")");
        }
        if (names.isEmpty()) {
            throw error("expected a name to import");
        }
        return new Stmt.ImportFrom(from(start), module, level, names);
    }

    // ---- compound statements ----

    /** The block after ':': an indented suite, or simple statements on the same line. */
    private List<Stmt> parseBlock() {
        expectOp(":");
        List<Stmt> body = new ArrayList<>();
        if (at(TokenKind.NEWLINE)) {
            next();
            if (!at(TokenKind.INDENT)) {
                throw error("expected an indented block");
            }
            next();
            while (!at(TokenKind.DEDENT) && !at(TokenKind.ENDMARKER)) {
                parseStatementInto(body);
            }
            if (at(TokenKind.DEDENT)) {
                next();
            }
            return body;
        }
        parseSimpleStatements(body);
        return body;
    }

    private Stmt parseDecorated() {
        Span start = peek().span();
        List<Expr> decorators = new ArrayList<>();
        while (acceptOp("@")) {
            decorators.add(parseNamedExpr());
            if (!at(TokenKind.NEWLINE)) {
                throw error("expected end of line after decorator");
            }
            next();
        }
        if (atName("def")) {
            return parseFunction(start, decorators, false);
        }
        if (atName("class")) {
            return parseClass(start, decorators);
        }
        if (atName("async") && peek(1).isName("def")) {
            next();
            return parseFunction(start, decorators, true);
        }
        throw error("expected 'def' or 'class' after decorator");
    }

    private Stmt parseFunction(Span start, List<Expr> decorators, boolean isAsync) {
        enter();
        expectName("def");
        Token name = expectIdentifier();
        List<Part.TypeParam> typeParams = atOp("[") ? parseTypeParams() : List.of();
        Span paramsStart = expectOp("(").span();
        Part.Parameters parameters = parseParameters(")", true, paramsStart);
        expectOp(")");
        Expr returns = acceptOp("->") ? parseTest() : null;
        List<Stmt> body = parseBlock();
        exit();
        return new Stmt.FunctionDef(from(start), name.text(), name.span(), decorators, typeParams, parameters, returns, body, isAsync);
    }

    private Stmt parseClass(Span start, List<Expr> decorators) {
        enter();
        expectName("class");
        Token name = expectIdentifier();
        List<Part.TypeParam> typeParams = atOp("[") ? parseTypeParams() : List.of();
        List<Expr> bases = new ArrayList<>();
        List<Part.Keyword> keywords = new ArrayList<>();
        if (acceptOp("(")) {
            parseArguments(bases, keywords);
            expectOp(")");
        }
        List<Stmt> body = parseBlock();
        exit();
        return new Stmt.ClassDef(from(start), name.text(), name.span(), decorators, typeParams, bases, keywords, body);
    }

    private List<Part.TypeParam> parseTypeParams() {
        expectOp("[");
        List<Part.TypeParam> params = new ArrayList<>();
        do {
            if (atOp("]")) {
                break;
            }
            Span start = peek().span();
            Part.TypeParam.Kind kind = acceptOp("**") ? Part.TypeParam.Kind.PARAM_SPEC
                    : acceptOp("*") ? Part.TypeParam.Kind.TYPE_VAR_TUPLE : Part.TypeParam.Kind.TYPE_VAR;
            String name = expectIdentifier().text();
            Expr bound = kind == Part.TypeParam.Kind.TYPE_VAR && acceptOp(":") ? parseTest() : null;
            Expr defaultValue = acceptOp("=") ? parseTest() : null;
            params.add(new Part.TypeParam(from(start), kind, name, bound, defaultValue));
        } while (acceptOp(","));
        expectOp("]");
        if (params.isEmpty()) {
            throw error("expected a type parameter");
        }
        return params;
    }

    /** Parameters up to {@code close} (")" for def, ":" for lambda); annotations only for def. */
    private Part.Parameters parseParameters(String close, boolean annotated, Span start) {
        List<Part.Parameter> positionalOnly = new ArrayList<>();
        List<Part.Parameter> regular = new ArrayList<>();
        List<Part.Parameter> keywordOnly = new ArrayList<>();
        Part.Parameter varArgs = null;
        Part.Parameter kwArgs = null;
        boolean sawStar = false;
        boolean sawDefault = false;
        while (!atOp(close)) {
            Span paramStart = peek().span();
            if (acceptOp("/")) {
                if (sawStar || !positionalOnly.isEmpty() || regular.isEmpty()) {
                    throw new ParseError("invalid '/' in parameters", paramStart);
                }
                positionalOnly.addAll(regular);
                regular.clear();
            } else if (acceptOp("**")) {
                kwArgs = parseParameter(annotated, false, paramStart);
                acceptOp(",");
                if (!atOp(close)) {
                    throw error("parameters cannot follow '**" + kwArgs.name() + "'");
                }
                break;
            } else if (acceptOp("*")) {
                if (sawStar) {
                    throw new ParseError("'*' can appear only once in parameters", paramStart);
                }
                sawStar = true;
                if (!atOp(",") && !atOp(close)) {
                    varArgs = parseParameter(annotated, true, paramStart);
                } else if (atOp(close) || peek(1).isOp(close) && atOp(",")) {
                    throw new ParseError("named arguments must follow bare *", paramStart);
                }
            } else {
                Part.Parameter parameter = parseParameter(annotated, false, paramStart);
                if (acceptOp("=")) {
                    parameter = new Part.Parameter(from(paramStart), parameter.name(), parameter.annotation(), parseTest());
                    sawDefault = !sawStar || sawDefault;
                } else if (sawDefault && !sawStar) {
                    throw new ParseError("parameter without a default follows parameter with a default", paramStart);
                }
                (sawStar ? keywordOnly : regular).add(parameter);
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        if (!atOp(close)) {
            throw error("expected '" + close + "' or a parameter");
        }
        return new Part.Parameters(Span.between(start, peek().span()), positionalOnly, regular, varArgs, keywordOnly, kwArgs);
    }

    private Part.Parameter parseParameter(boolean annotated, boolean starAnnotationAllowed, Span start) {
        Token name = expectIdentifier();
        Expr annotation = null;
        if (annotated && acceptOp(":")) {
            if (starAnnotationAllowed && atOp("*")) {
                Span starStart = next().span();
                Expr value = parseBitOr();
                annotation = new Expr.Starred(from(starStart), value, Ctx.LOAD);
            } else {
                annotation = parseTest();
            }
        }
        return new Part.Parameter(from(start), name.text(), annotation, null);
    }

    private Stmt parseIf() {
        enter();
        Span start = next().span();
        Expr test = parseNamedExpr();
        List<Stmt> body = parseBlock();
        List<Stmt> orElse = List.of();
        if (atName("elif")) {
            orElse = List.of(parseIf());
        } else if (atName("else")) {
            next();
            orElse = parseBlock();
        }
        exit();
        return new Stmt.If(from(start), test, body, orElse);
    }

    private Stmt parseWhile() {
        enter();
        Span start = next().span();
        Expr test = parseNamedExpr();
        List<Stmt> body = parseBlock();
        List<Stmt> orElse = acceptName("else") ? parseBlock() : List.of();
        exit();
        return new Stmt.While(from(start), test, body, orElse);
    }

    private Stmt parseFor(Span start, boolean isAsync) {
        enter();
        expectName("for");
        Expr target = parseTargetList();
        expectName("in");
        Expr iter = parseStarExpressions();
        List<Stmt> body = parseBlock();
        List<Stmt> orElse = acceptName("else") ? parseBlock() : List.of();
        exit();
        return new Stmt.For(from(start), target, iter, body, orElse, isAsync);
    }

    /** {@code for} and comprehension targets: stops before {@code in}. */
    private Expr parseTargetList() {
        Span start = peek().span();
        List<Expr> items = new ArrayList<>();
        boolean trailingComma = false;
        do {
            if (atName("in")) {
                break;
            }
            items.add(atOp("*") ? parseStarred(this::parseBitOr) : parseBitOr());
            trailingComma = atOp(",");
        } while (acceptOp(","));
        if (items.isEmpty()) {
            throw error("expected a target");
        }
        Expr target = items.size() == 1 && !trailingComma ? items.get(0) : new Expr.Tuple(from(start), items, Ctx.STORE);
        return toTarget(target, Ctx.STORE);
    }

    private Stmt parseTry() {
        enter();
        Span start = next().span();
        List<Stmt> body = parseBlock();
        List<Part.ExceptHandler> handlers = new ArrayList<>();
        boolean star = false;
        while (atName("except")) {
            Span handlerStart = next().span();
            if (acceptOp("*")) {
                star = true;
            }
            Expr type = null;
            Part.Identifier name = null;
            if (!atOp(":")) {
                type = parseTest();
                if (atOp(",")) {
                    Span tupleStart = type.span();
                    List<Expr> types = new ArrayList<>(List.of(type));
                    while (acceptOp(",")) {
                        types.add(parseTest());
                    }
                    // CPython 3.12 requires parentheses here ("multiple exception types must be parenthesized")
                    throw new ParseError("multiple exception types must be parenthesized", from(tupleStart));
                }
                if (acceptName("as")) {
                    Token asName = expectIdentifier();
                    name = new Part.Identifier(asName.span(), asName.text());
                }
            }
            List<Stmt> handlerBody = parseBlock();
            handlers.add(new Part.ExceptHandler(from(handlerStart), type, name, handlerBody));
        }
        List<Stmt> orElse = List.of();
        if (!handlers.isEmpty() && acceptName("else")) {
            orElse = parseBlock();
        }
        List<Stmt> finalBody = List.of();
        if (acceptName("finally")) {
            finalBody = parseBlock();
        }
        if (handlers.isEmpty() && finalBody.isEmpty()) {
            throw error("expected 'except' or 'finally' block");
        }
        exit();
        return new Stmt.Try(from(start), body, handlers, orElse, finalBody, star);
    }

    private Stmt parseWith(Span start, boolean isAsync) {
        enter();
        expectName("with");
        List<Part.WithItem> items = null;
        if (atOp("(")) {
            int mark = p;
            try {
                items = parseParenthesizedWithItems();
            } catch (ParseError notParenthesizedItems) {
                p = mark; // e.g. `with (a, b) as c:` or `with (yield x):`: the parentheses belong to an expression
            }
        }
        if (items == null) {
            items = new ArrayList<>();
            do {
                items.add(parseWithItem());
            } while (acceptOp(","));
        }
        List<Stmt> body = parseBlock();
        exit();
        return new Stmt.With(from(start), items, body, isAsync);
    }

    private List<Part.WithItem> parseParenthesizedWithItems() {
        expectOp("(");
        List<Part.WithItem> items = new ArrayList<>();
        do {
            if (atOp(")")) {
                break;
            }
            items.add(parseWithItem());
        } while (acceptOp(","));
        expectOp(")");
        if (!atOp(":") || items.isEmpty()) {
            throw error("expected ':'");
        }
        return items;
    }

    private Part.WithItem parseWithItem() {
        Span start = peek().span();
        Expr context = parseTest();
        Expr target = null;
        if (acceptName("as")) {
            target = toTarget(atOp("*") ? parseStarred(this::parseBitOr) : parseBitOr(), Ctx.STORE);
        }
        return new Part.WithItem(from(start), context, target);
    }

    // ---- match ----

    /** {@code match} is a soft keyword: returns null (having consumed nothing) when this is not a match statement. */
    private Stmt tryParseMatch() {
        Token next = peek(1);
        if (next.kind() == TokenKind.NEWLINE || next.kind() == TokenKind.ENDMARKER
                || (next.kind() == TokenKind.OP && !next.isOp("(") && !next.isOp("[") && !next.isOp("{") && !next.isOp("-")
                        && !next.isOp("*") && !next.isOp("~") && !next.isOp("..."))) {
            return null;
        }
        int mark = p;
        Span start = next().span();
        Expr subject;
        try {
            subject = parseMatchSubject();
            if (!atOp(":") || !peek(1).is(TokenKind.NEWLINE)) {
                p = mark;
                return null;
            }
        } catch (ParseError notAMatch) {
            p = mark;
            return null;
        }
        enter();
        next();
        next();
        if (!at(TokenKind.INDENT)) {
            throw error("expected an indented block");
        }
        next();
        List<Part.MatchCase> cases = new ArrayList<>();
        while (!at(TokenKind.DEDENT) && !at(TokenKind.ENDMARKER)) {
            cases.add(parseCase());
        }
        next();
        if (cases.isEmpty()) {
            throw error("expected 'case'");
        }
        exit();
        return new Stmt.Match(from(start), subject, cases);
    }

    private Expr parseMatchSubject() {
        Span start = peek().span();
        Expr first = atOp("*") ? parseStarred(this::parseBitOr) : parseNamedExpr();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (atOp(":")) {
                break;
            }
            items.add(atOp("*") ? parseStarred(this::parseBitOr) : parseNamedExpr());
        }
        return new Expr.Tuple(from(start), items, Ctx.LOAD);
    }

    private Part.MatchCase parseCase() {
        if (!atName("case")) {
            throw error("expected 'case'");
        }
        Span start = next().span();
        Pattern pattern = parseOpenSequencePattern();
        Expr guard = acceptName("if") ? parseNamedExpr() : null;
        List<Stmt> body = parseBlock();
        return new Part.MatchCase(from(start), pattern, guard, body);
    }

    /** {@code case a, *b:} is a sequence pattern without brackets. */
    private Pattern parseOpenSequencePattern() {
        Span start = peek().span();
        Pattern first = parseMaybeStarPattern();
        if (!atOp(",")) {
            if (first instanceof Pattern.MatchStar) {
                throw new ParseError("can't use starred pattern here", first.span());
            }
            return first;
        }
        List<Pattern> patterns = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (atOp(":") || atName("if")) {
                break;
            }
            patterns.add(parseMaybeStarPattern());
        }
        return new Pattern.MatchSequence(from(start), patterns);
    }

    private Pattern parseMaybeStarPattern() {
        if (atOp("*")) {
            Span start = next().span();
            Token name = expectIdentifier();
            return new Pattern.MatchStar(from(start), name.text().equals("_") ? null : new Part.Identifier(name.span(), name.text()));
        }
        return parsePattern();
    }

    /** {@code or_pattern ['as' NAME]}. */
    private Pattern parsePattern() {
        enter();
        Span start = peek().span();
        Pattern pattern = parseClosedPattern();
        if (atOp("|")) {
            List<Pattern> alternatives = new ArrayList<>(List.of(pattern));
            while (acceptOp("|")) {
                alternatives.add(parseClosedPattern());
            }
            pattern = new Pattern.MatchOr(from(start), alternatives);
        }
        if (acceptName("as")) {
            Token name = expectIdentifier();
            pattern = new Pattern.MatchAs(from(start), pattern, new Part.Identifier(name.span(), name.text()));
        }
        exit();
        return pattern;
    }

    private Pattern parseClosedPattern() {
        Token token = peek();
        Span start = token.span();
        if (token.isOp("(") || token.isOp("[")) {
            String close = token.isOp("(") ? ")" : "]";
            next();
            List<Pattern> items = new ArrayList<>();
            boolean comma = false;
            while (!atOp(close)) {
                items.add(parseMaybeStarPattern());
                if (!acceptOp(",")) {
                    break;
                }
                comma = true;
            }
            expectOp(close);
            if (close.equals(")") && items.size() == 1 && !comma && !(items.get(0) instanceof Pattern.MatchStar)) {
                return items.get(0); // a group pattern
            }
            return new Pattern.MatchSequence(from(start), items);
        }
        if (token.isOp("{")) {
            return parseMappingPattern();
        }
        if (token.kind() == TokenKind.NAME && !KEYWORDS.contains(token.text())) {
            next();
            Expr value = new Expr.Name(token.span(), token.text(), Ctx.LOAD);
            boolean dotted = false;
            while (acceptOp(".")) {
                Token attr = expectIdentifier();
                value = new Expr.Attribute(from(start), value, attr.text(), Ctx.LOAD);
                dotted = true;
            }
            if (atOp("(")) {
                return parseClassPattern(value, start);
            }
            if (dotted) {
                return new Pattern.MatchValue(value.span(), value);
            }
            Part.Identifier name = token.text().equals("_") ? null : new Part.Identifier(token.span(), token.text());
            return new Pattern.MatchAs(token.span(), null, name);
        }
        if (token.isName("None") || token.isName("True") || token.isName("False")) {
            return new Pattern.MatchSingleton(start, (Expr.NamedConstant) parseAtom());
        }
        // literals: signed numbers, complex numbers, strings
        Expr value;
        if (token.isOp("-") || token.kind() == TokenKind.NUMBER) {
            value = parseArith();
        } else if (token.kind() == TokenKind.STRING || token.kind() == TokenKind.FSTRING_START) {
            value = parseAtom();
        } else {
            throw error("expected a pattern");
        }
        return new Pattern.MatchValue(value.span(), value);
    }

    private Pattern parseMappingPattern() {
        Span start = expectOp("{").span();
        List<Expr> keys = new ArrayList<>();
        List<Pattern> patterns = new ArrayList<>();
        Part.Identifier rest = null;
        while (!atOp("}")) {
            if (acceptOp("**")) {
                Token name = expectIdentifier();
                rest = new Part.Identifier(name.span(), name.text());
                acceptOp(",");
                break;
            }
            Pattern key = parseClosedPattern();
            if (!(key instanceof Pattern.MatchValue || key instanceof Pattern.MatchSingleton)) {
                throw new ParseError("mapping pattern keys may only match literals and attribute lookups", key.span());
            }
            keys.add(key instanceof Pattern.MatchValue v ? v.value() : ((Pattern.MatchSingleton) key).value());
            expectOp(":");
            patterns.add(parsePattern());
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp("}");
        return new Pattern.MatchMapping(from(start), keys, patterns, rest);
    }

    private Pattern parseClassPattern(Expr cls, Span start) {
        expectOp("(");
        List<Pattern> patterns = new ArrayList<>();
        List<Part.Identifier> keywordNames = new ArrayList<>();
        List<Pattern> keywordPatterns = new ArrayList<>();
        while (!atOp(")")) {
            if (peek().kind() == TokenKind.NAME && peek(1).isOp("=")) {
                Token name = next();
                next();
                keywordNames.add(new Part.Identifier(name.span(), name.text()));
                keywordPatterns.add(parsePattern());
            } else {
                if (!keywordNames.isEmpty()) {
                    throw error("positional patterns follow keyword patterns");
                }
                patterns.add(parsePattern());
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp(")");
        return new Pattern.MatchClass(from(start), cls, patterns, keywordNames, keywordPatterns);
    }

    // ---- expressions ----

    /** {@code star_expressions}: a tuple when there is a comma, starred items allowed. */
    private Expr parseStarExpressions() {
        Span start = peek().span();
        Expr first = parseStarOrTest();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (!startsExpression(peek())) {
                break;
            }
            items.add(parseStarOrTest());
        }
        return new Expr.Tuple(from(start), items, Ctx.LOAD);
    }

    private Expr parseStarOrTest() {
        return atOp("*") ? parseStarred(this::parseBitOr) : parseTest();
    }

    private Expr parseStarOrNamed() {
        return atOp("*") ? parseStarred(this::parseBitOr) : parseNamedExpr();
    }

    private Expr parseStarred(java.util.function.Supplier<Expr> operand) {
        Span start = expectOp("*").span();
        Expr value = operand.get();
        return new Expr.Starred(from(start), value, Ctx.LOAD);
    }

    /** Tokens that can begin an expression (used after a trailing comma and for Python 2 print). */
    private static boolean startsExpression(Token token) {
        return switch (token.kind()) {
            case NAME -> !Set.of("and", "or", "in", "is", "if", "else", "for", "as", "from", "import", "async").contains(token.text())
                    || token.text().equals("async");
            case NUMBER, STRING, FSTRING_START -> true;
            case OP -> switch (token.text()) {
                case "(", "[", "{", "-", "+", "~", "*", "...", "**" -> true;
                default -> false;
            };
            default -> false;
        };
    }

    /** {@code NAME ':=' test | test}. */
    private Expr parseNamedExpr() {
        if (peek().kind() == TokenKind.NAME && peek(1).isOp(":=")) {
            Token name = expectIdentifier();
            next();
            Expr value = parseTest();
            return new Expr.NamedExpr(from(name.span()), new Expr.Name(name.span(), name.text(), Ctx.STORE), value);
        }
        Expr expr = parseTest();
        if (atOp(":=")) {
            throw new ParseError("cannot use assignment expressions with " + describe(expr), expr.span());
        }
        return expr;
    }

    /** {@code or_test ['if' or_test 'else' test] | lambda}. */
    private Expr parseTest() {
        enter();
        Expr result;
        if (atName("lambda")) {
            result = parseLambda();
        } else {
            Expr body = parseOr();
            if (atName("if")) {
                next();
                Expr test = parseOr();
                expectName("else");
                Expr orElse = parseTest();
                result = new Expr.IfExp(Span.between(body.span(), orElse.span()), test, body, orElse);
            } else {
                result = body;
            }
        }
        exit();
        return result;
    }

    private Expr parseLambda() {
        Span start = next().span();
        Part.Parameters parameters = parseParameters(":", false, peek().span());
        expectOp(":");
        Expr body = parseTest();
        return new Expr.Lambda(from(start), parameters, body);
    }

    private Expr parseOr() {
        Expr first = parseAnd();
        if (!atName("or")) {
            return first;
        }
        List<Expr> values = new ArrayList<>(List.of(first));
        while (acceptName("or")) {
            values.add(parseAnd());
        }
        return new Expr.BoolOp(Span.between(first.span(), previous()), "or", values);
    }

    private Expr parseAnd() {
        Expr first = parseNot();
        if (!atName("and")) {
            return first;
        }
        List<Expr> values = new ArrayList<>(List.of(first));
        while (acceptName("and")) {
            values.add(parseNot());
        }
        return new Expr.BoolOp(Span.between(first.span(), previous()), "and", values);
    }

    private Expr parseNot() {
        if (atName("not")) {
            enter();
            Span start = next().span();
            Expr operand = parseNot();
            exit();
            return new Expr.UnaryOp(from(start), "not", operand);
        }
        return parseComparison();
    }

    private Expr parseComparison() {
        Expr left = parseBitOr();
        List<String> ops = null;
        List<Expr> comparators = null;
        while (true) {
            String op = comparisonOperator();
            if (op == null) {
                break;
            }
            if (ops == null) {
                ops = new ArrayList<>();
                comparators = new ArrayList<>();
            }
            ops.add(op);
            comparators.add(parseBitOr());
        }
        return ops == null ? left : new Expr.Compare(Span.between(left.span(), previous()), left, ops, comparators);
    }

    /** Consumes and returns a comparison operator, or returns null. */
    private String comparisonOperator() {
        Token token = peek();
        if (token.kind() == TokenKind.OP) {
            switch (token.text()) {
                case "<", ">", "==", ">=", "<=", "!=" -> {
                    next();
                    return token.text();
                }
                default -> {
                    return null;
                }
            }
        }
        if (token.isName("in")) {
            next();
            return "in";
        }
        if (token.isName("not") && peek(1).isName("in")) {
            next();
            next();
            return "not in";
        }
        if (token.isName("is")) {
            next();
            return acceptName("not") ? "is not" : "is";
        }
        return null;
    }

    private static int binaryPrecedence(Token token) {
        if (token.kind() != TokenKind.OP) {
            return -1;
        }
        return switch (token.text()) {
            case "|" -> 1;
            case "^" -> 2;
            case "&" -> 3;
            case "<<", ">>" -> 4;
            case "+", "-" -> 5;
            case "*", "/", "%", "//", "@" -> 6;
            default -> -1;
        };
    }

    private Expr parseBitOr() {
        return parseBinary(1);
    }

    private Expr parseArith() {
        return parseBinary(5);
    }

    /** Precedence climbing over the left-associative binary operators. */
    private Expr parseBinary(int minPrecedence) {
        Expr left = parseFactor();
        while (true) {
            int precedence = binaryPrecedence(peek());
            if (precedence < minPrecedence) {
                return left;
            }
            String op = next().text();
            Expr right = parseBinary(precedence + 1);
            left = new Expr.BinOp(Span.between(left.span(), right.span()), left, op, right);
        }
    }

    private Expr parseFactor() {
        Token token = peek();
        if (token.isOp("-") || token.isOp("+") || token.isOp("~")) {
            enter();
            next();
            Expr operand = parseFactor();
            exit();
            return new Expr.UnaryOp(Span.between(token.span(), operand.span()), token.text(), operand);
        }
        return parsePower();
    }

    private Expr parsePower() {
        Expr base;
        if (atName("await")) {
            Span start = next().span();
            Expr value = parsePrimary();
            base = new Expr.Await(from(start), value);
        } else {
            base = parsePrimary();
        }
        if (atOp("**")) {
            next();
            Expr exponent = parseFactor();
            return new Expr.BinOp(Span.between(base.span(), exponent.span()), base, "**", exponent);
        }
        return base;
    }

    /** An atom and its trailers: calls, subscripts, attributes. */
    private Expr parsePrimary() {
        Expr expr = parseAtom();
        Span start = expr.span();
        while (true) {
            if (atOp("(")) {
                next();
                List<Expr> arguments = new ArrayList<>();
                List<Part.Keyword> keywords = new ArrayList<>();
                parseArguments(arguments, keywords);
                expectOp(")");
                expr = new Expr.Call(from(start), expr, arguments, keywords);
            } else if (atOp("[")) {
                next();
                Expr slice = parseSlices();
                expectOp("]");
                expr = new Expr.Subscript(from(start), expr, slice, Ctx.LOAD);
            } else if (atOp(".")) {
                next();
                Token attr = peek();
                if (attr.kind() != TokenKind.NAME) {
                    throw error("expected an attribute name");
                }
                next();
                expr = new Expr.Attribute(from(start), expr, attr.text(), Ctx.LOAD);
            } else {
                return expr;
            }
        }
    }

    /** Call arguments up to (not including) ')'. */
    private void parseArguments(List<Expr> arguments, List<Part.Keyword> keywords) {
        Expr bareGenerator = null;
        while (!atOp(")")) {
            Span start = peek().span();
            if (atOp("*")) {
                arguments.add(parseStarred(this::parseTest));
            } else if (acceptOp("**")) {
                Expr value = parseTest();
                keywords.add(new Part.Keyword(from(start), null, value));
            } else if (peek().kind() == TokenKind.NAME && peek(1).isOp("=")) {
                Token name = next();
                next();
                Expr value = parseTest();
                keywords.add(new Part.Keyword(from(start), name.text(), value));
            } else {
                Expr value = parseNamedExpr();
                if (atName("for") || (atName("async") && peek(1).isName("for"))) {
                    value = new Expr.Comprehension(from(start), Expr.Comprehension.Kind.GENERATOR, value, parseForClauses());
                    bareGenerator = value;
                } else if (!keywords.isEmpty() && keywords.stream().anyMatch(k -> k.name() != null)) {
                    throw new ParseError("positional argument follows keyword argument", value.span());
                }
                arguments.add(value);
            }
            if (!acceptOp(",")) {
                break;
            }
        }
        if (!atOp(")")) {
            throw error("expected ',' or ')' in arguments");
        }
        if (bareGenerator != null && arguments.size() + keywords.size() > 1) {
            throw new ParseError("Generator expression must be parenthesized", bareGenerator.span());
        }
    }

    private Expr parseSlices() {
        Span start = peek().span();
        Expr first = parseSlice();
        if (!atOp(",")) {
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (atOp("]")) {
                break;
            }
            items.add(parseSlice());
        }
        return new Expr.Tuple(from(start), items, Ctx.LOAD);
    }

    private Expr parseSlice() {
        Span start = peek().span();
        if (atOp("*")) {
            return parseStarred(this::parseBitOr);
        }
        Expr lower = atOp(":") ? null : parseNamedExpr();
        if (!atOp(":")) {
            if (lower == null) {
                throw error("expected an index");
            }
            return lower;
        }
        next();
        Expr upper = atOp(":") || atOp("]") || atOp(",") ? null : parseTest();
        Expr step = null;
        if (acceptOp(":")) {
            step = atOp("]") || atOp(",") ? null : parseTest();
        }
        return new Expr.Slice(from(start), lower, upper, step);
    }

    private Expr parseAtom() {
        Token token = peek();
        switch (token.kind()) {
            case NAME -> {
                switch (token.text()) {
                    case "None" -> {
                        next();
                        return new Expr.NamedConstant(token.span(), Expr.NamedConstant.Kind.NONE);
                    }
                    case "True" -> {
                        next();
                        return new Expr.NamedConstant(token.span(), Expr.NamedConstant.Kind.TRUE);
                    }
                    case "False" -> {
                        next();
                        return new Expr.NamedConstant(token.span(), Expr.NamedConstant.Kind.FALSE);
                    }
                    default -> {
                        if (KEYWORDS.contains(token.text())) {
                            throw error("invalid syntax");
                        }
                        next();
                        return new Expr.Name(token.span(), token.text(), Ctx.LOAD);
                    }
                }
            }
            case NUMBER -> {
                next();
                return new Expr.NumberLiteral(token.span(), token.text());
            }
            case STRING, FSTRING_START -> {
                return parseStrings();
            }
            case OP -> {
                switch (token.text()) {
                    case "(" -> {
                        return parseParenthesized();
                    }
                    case "[" -> {
                        return parseListDisplay();
                    }
                    case "{" -> {
                        return parseBraceDisplay();
                    }
                    case "..." -> {
                        next();
                        return new Expr.NamedConstant(token.span(), Expr.NamedConstant.Kind.ELLIPSIS);
                    }
                    default -> throw error("invalid syntax");
                }
            }
            default -> throw error("invalid syntax");
        }
    }

    private Expr parseParenthesized() {
        Span start = next().span();
        if (acceptOp(")")) {
            return new Expr.Tuple(from(start), List.of(), Ctx.LOAD);
        }
        if (atName("yield")) {
            Expr yield = parseYield();
            expectOp(")");
            return yield;
        }
        Expr first = parseStarOrNamed();
        if (atName("for") || (atName("async") && peek(1).isName("for"))) {
            List<Part.ForClause> clauses = parseForClauses();
            expectOp(")");
            return new Expr.Comprehension(from(start), Expr.Comprehension.Kind.GENERATOR, first, clauses);
        }
        if (acceptOp(")")) {
            rejectBareStarred(first);
            return first;
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (atOp(")")) {
                break;
            }
            items.add(parseStarOrNamed());
        }
        expectOp(")");
        return new Expr.Tuple(from(start), items, Ctx.LOAD);
    }

    private Expr parseListDisplay() {
        Span start = next().span();
        List<Expr> items = new ArrayList<>();
        if (acceptOp("]")) {
            return new Expr.ListExpr(from(start), items, Ctx.LOAD);
        }
        Expr first = parseStarOrNamed();
        if (atName("for") || (atName("async") && peek(1).isName("for"))) {
            List<Part.ForClause> clauses = parseForClauses();
            expectOp("]");
            return new Expr.Comprehension(from(start), Expr.Comprehension.Kind.LIST, first, clauses);
        }
        items.add(first);
        while (acceptOp(",")) {
            if (atOp("]")) {
                break;
            }
            items.add(parseStarOrNamed());
        }
        expectOp("]");
        return new Expr.ListExpr(from(start), items, Ctx.LOAD);
    }

    private Expr parseBraceDisplay() {
        Span start = next().span();
        if (acceptOp("}")) {
            return new Expr.Dict(from(start), List.of(), List.of());
        }
        if (atOp("**") || !atOp("*") && isDictEntryAhead()) {
            return parseDictRest(start);
        }
        Expr first = parseStarOrNamed();
        if (atName("for") || (atName("async") && peek(1).isName("for"))) {
            List<Part.ForClause> clauses = parseForClauses();
            expectOp("}");
            return new Expr.Comprehension(from(start), Expr.Comprehension.Kind.SET, first, clauses);
        }
        List<Expr> items = new ArrayList<>(List.of(first));
        while (acceptOp(",")) {
            if (atOp("}")) {
                break;
            }
            items.add(parseStarOrNamed());
        }
        expectOp("}");
        return new Expr.SetExpr(from(start), items);
    }

    /** Whether the first entry in braces is {@code key: value}: parse it to find out, then rewind. */
    private boolean isDictEntryAhead() {
        int mark = p;
        int savedDepth = depth;
        try {
            parseTest();
            return atOp(":");
        } catch (ParseError e) {
            return false;
        } finally {
            p = mark;
            depth = savedDepth;
        }
    }

    private Expr parseDictRest(Span start) {
        List<Expr> keys = new ArrayList<>();
        List<Expr> values = new ArrayList<>();
        boolean first = true;
        while (!atOp("}")) {
            if (acceptOp("**")) {
                keys.add(null);
                values.add(parseBitOr());
            } else {
                Expr key = parseTest();
                expectOp(":");
                Expr value = parseTest();
                if (first && (atName("for") || (atName("async") && peek(1).isName("for")))) {
                    List<Part.ForClause> clauses = parseForClauses();
                    expectOp("}");
                    return new Expr.DictComprehension(from(start), key, value, clauses);
                }
                keys.add(key);
                values.add(value);
            }
            first = false;
            if (!acceptOp(",")) {
                break;
            }
        }
        expectOp("}");
        return new Expr.Dict(from(start), keys, values);
    }

    private List<Part.ForClause> parseForClauses() {
        List<Part.ForClause> clauses = new ArrayList<>();
        while (atName("for") || (atName("async") && peek(1).isName("for"))) {
            Span start = peek().span();
            boolean isAsync = acceptName("async");
            expectName("for");
            Expr target = parseTargetList();
            expectName("in");
            Expr iter = parseOr();
            List<Expr> conditions = new ArrayList<>();
            while (acceptName("if")) {
                conditions.add(parseOr());
            }
            clauses.add(new Part.ForClause(from(start), target, iter, conditions, isAsync));
        }
        return clauses;
    }

    private Expr parseYield() {
        Span start = expectName("yield").span();
        if (acceptName("from")) {
            Expr value = parseTest();
            return new Expr.Yield(from(start), value, true);
        }
        boolean end = atOp(")") || atOp("]") || atOp("}") || atOp("=") || atEndOfSimpleStatement();
        Expr value = end ? null : parseStarExpressions();
        return new Expr.Yield(from(start), value, false);
    }

    // ---- strings ----

    /** Adjacent string literals, joined; f-strings make the result a {@link Expr.JoinedStr}. */
    private Expr parseStrings() {
        Span start = peek().span();
        List<Expr> parts = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        Span pendingStart = null;
        boolean formatted = false;
        Boolean bytes = null;
        while (at(TokenKind.STRING) || at(TokenKind.FSTRING_START)) {
            Token token = peek();
            boolean isBytes = StringLiterals.prefix(token.text()).indexOf('b') >= 0;
            if (bytes != null && bytes != isBytes) {
                throw error("cannot mix bytes and nonbytes literals");
            }
            bytes = isBytes;
            if (token.kind() == TokenKind.STRING) {
                next();
                if (pendingStart == null) {
                    pendingStart = token.span();
                }
                pending.append(StringLiterals.value(token.text()));
                continue;
            }
            formatted = true;
            for (Expr part : parseFString()) {
                if (part instanceof Expr.StringLiteral literal) {
                    if (pendingStart == null) {
                        pendingStart = literal.span();
                    }
                    pending.append(literal.value());
                } else {
                    if (pendingStart != null) {
                        parts.add(new Expr.StringLiteral(pendingStart, pending.toString(), false));
                        pending.setLength(0);
                        pendingStart = null;
                    }
                    parts.add(part);
                }
            }
        }
        if (!formatted) {
            return new Expr.StringLiteral(from(start), pending.toString(), bytes != null && bytes);
        }
        if (pendingStart != null) {
            parts.add(new Expr.StringLiteral(Span.between(pendingStart, previous()), pending.toString(), false));
        }
        return new Expr.JoinedStr(from(start), parts);
    }

    /** One f-string from FSTRING_START to FSTRING_END: literal parts and fields. */
    private List<Expr> parseFString() {
        Token startToken = next();
        boolean raw = StringLiterals.prefix(startToken.text()).indexOf('r') >= 0;
        List<Expr> parts = new ArrayList<>();
        while (!at(TokenKind.FSTRING_END)) {
            Token token = peek();
            if (token.kind() == TokenKind.FSTRING_MIDDLE) {
                next();
                String text = token.text().replace("{{", "{").replace("}}", "}");
                parts.add(new Expr.StringLiteral(token.span(), raw ? text : StringLiterals.unescape(text, false), false));
            } else if (token.isOp("{")) {
                parts.add(parseReplacementField(raw));
            } else {
                throw error("f-string: expecting '}'");
            }
        }
        next();
        return parts;
    }

    private Expr parseReplacementField(boolean raw) {
        enter();
        Span start = next().span();
        if (atOp("}")) {
            throw error("f-string: valid expression required before '}'");
        }
        Expr value = atName("yield") ? parseYield() : parseStarExpressions();
        String debugText = null;
        if (atOp("=")) {
            next();
            debugText = source.substring(start.endOffset(), previous().endOffset());
        }
        char conversion = 0;
        if (acceptOp("!")) {
            Token kind = peek();
            if (kind.kind() != TokenKind.NAME || !(kind.text().equals("s") || kind.text().equals("r") || kind.text().equals("a"))
                    || kind.span().startOffset() != previous().endOffset()) {
                throw error("f-string: invalid conversion character: expected 's', 'r', or 'a'");
            }
            conversion = next().text().charAt(0);
        }
        Expr.JoinedStr spec = null;
        if (atOp(":")) {
            Span specStart = next().span();
            List<Expr> specParts = new ArrayList<>();
            while (!atOp("}")) {
                Token token = peek();
                if (token.kind() == TokenKind.FSTRING_MIDDLE) {
                    next();
                    specParts.add(new Expr.StringLiteral(token.span(), raw ? token.text() : StringLiterals.unescape(token.text(), false),
                            false));
                } else if (token.isOp("{")) {
                    specParts.add(parseReplacementField(raw));
                } else {
                    throw error("f-string: expecting '}'");
                }
            }
            spec = new Expr.JoinedStr(Span.between(specStart, previous()), specParts);
        }
        expectOp("}");
        exit();
        return new Expr.FormattedValue(from(start), value, conversion, spec, debugText);
    }

    // ---- targets ----

    /** The same expression as an assignment or deletion target, or a ParseError saying why it cannot be one. */
    private static Expr toTarget(Expr expr, Ctx ctx) {
        if (expr instanceof Expr.Name name) {
            return new Expr.Name(name.span(), name.id(), ctx);
        }
        if (expr instanceof Expr.Attribute attribute) {
            return new Expr.Attribute(attribute.span(), attribute.value(), attribute.attr(), ctx);
        }
        if (expr instanceof Expr.Subscript subscript) {
            return new Expr.Subscript(subscript.span(), subscript.value(), subscript.slice(), ctx);
        }
        if (expr instanceof Expr.Tuple tuple) {
            return new Expr.Tuple(tuple.span(), targets(tuple.elements(), ctx), ctx);
        }
        if (expr instanceof Expr.ListExpr list) {
            return new Expr.ListExpr(list.span(), targets(list.elements(), ctx), ctx);
        }
        if (expr instanceof Expr.Starred starred && ctx == Ctx.STORE) {
            return new Expr.Starred(starred.span(), toTarget(starred.value(), ctx), ctx);
        }
        String verb = ctx == Ctx.DEL ? "delete" : "assign to";
        throw new ParseError("cannot " + verb + " " + describe(expr), expr.span());
    }

    private static List<Expr> targets(List<Expr> items, Ctx ctx) {
        List<Expr> targets = new ArrayList<>(items.size());
        boolean starred = false;
        for (Expr item : items) {
            if (item instanceof Expr.Starred) {
                if (starred) {
                    throw new ParseError("multiple starred expressions in assignment", item.span());
                }
                starred = true;
            }
            targets.add(toTarget(item, ctx));
        }
        return targets;
    }

    private static String describe(Expr expr) {
        if (expr instanceof Expr.Call) {
            return "function call";
        }
        if (expr instanceof Expr.NumberLiteral || expr instanceof Expr.StringLiteral || expr instanceof Expr.NamedConstant) {
            return "literal";
        }
        if (expr instanceof Expr.JoinedStr) {
            return "f-string expression";
        }
        if (expr instanceof Expr.Compare) {
            return "comparison";
        }
        if (expr instanceof Expr.BinOp || expr instanceof Expr.UnaryOp || expr instanceof Expr.BoolOp) {
            return "expression";
        }
        if (expr instanceof Expr.Lambda) {
            return "lambda";
        }
        if (expr instanceof Expr.Comprehension || expr instanceof Expr.DictComprehension) {
            return "comprehension";
        }
        if (expr instanceof Expr.IfExp) {
            return "conditional expression";
        }
        if (expr instanceof Expr.Starred) {
            return "starred";
        }
        return "expression";
    }
}
