package dev.jupyship.contract;

import dev.jupyship.notebook.Cell;
import dev.jupyship.python.Expr;
import dev.jupyship.python.MaskedLine;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Part;
import dev.jupyship.python.Pattern;
import dev.jupyship.python.Span;
import dev.jupyship.python.Stmt;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@link CodeFacts} from jupyship's Java Python parser ({@code dev.jupyship.python}): no subprocess,
 * IPython syntax masked by {@link ParsedCell}. The facts are the ones CPython's {@code ast} gave the
 * first implementation (a script walking the tree), reproduced rule for rule:
 *
 * <ul>
 * <li>events follow CPython's evaluation order: an assignment's value before its targets, an
 * augmented assignment's value then a load and a store of its target, a {@code for}'s iterable then
 * its target, a comprehension's first iterable outside it; decorators, defaults and class bases
 * outside the body; stores inside functions, lambdas, classes and comprehensions are local (not
 * reported) while loads there are; {@code except ... as}, {@code import}, {@code def} and
 * {@code class} store at the statement; annotations are not visited;
 * <li>columns are 1-based and count characters (code points), as Python does;
 * <li>a literal is what {@code ast.literal_eval} accepts, its value what {@code json} would carry
 * (tuples as lists, dict keys as strings, no value for sets, bytes, complex numbers and
 * {@code ...}).
 * </ul>
 *
 * <p>Deliberate differences from CPython (ParserCodeFactsEquivalenceTest compares the rest): a
 * syntax error's message and column are the Java parser's; strings are listed depth first in source
 * order (the check only asks whether one matches); the Python body of a {@code %%time}-style cell
 * magic is analysed (IPython turns it into one string), and an automagic line ({@code pip install x})
 * is IPython, not a syntax error.
 */
public final class ParserCodeFacts implements CodeFacts {

    @Override
    public List<CellFacts> analyze(List<Cell> cells, int parametersCell, Set<String> names) {
        List<CellFacts> facts = new ArrayList<>(cells.size());
        for (Cell cell : cells) {
            facts.add(analyze(cell.index(), cell.source(), cell.index() == parametersCell, names));
        }
        return facts;
    }

    static CellFacts analyze(int index, String source, boolean parameters, Set<String> names) {
        ParsedCell parsed = ParsedCell.parse(index, source);
        PythonColumns columns = new PythonColumns(source);
        List<Stmt.ErrorStmt> errors = parsed.module().errors();
        if (!errors.isEmpty()) {
            Stmt.ErrorStmt error = errors.get(0);
            int offset = error.errorAt().startOffset();
            return new CellFacts(index, new Position(columns.line(offset), columns.column(offset), error.message()),
                    List.of(), List.of(), List.of());
        }
        List<Assignment> assignments = parameters ? assignments(parsed, columns) : List.of();
        Events events = new Events(names, columns, source);
        parsed.body().forEach(events::visit);
        List<String> strings = new ArrayList<>();
        parsed.body().forEach(stmt -> strings(stmt, strings));
        magicStrings(parsed, strings);
        return new CellFacts(index, null, assignments, List.copyOf(events.events), strings);
    }

    private static List<Assignment> assignments(ParsedCell parsed, PythonColumns columns) {
        List<Assignment> found = new ArrayList<>();
        for (Stmt statement : parsed.body()) {
            List<Expr> targets;
            Expr value;
            if (statement instanceof Stmt.Assign assign) {
                targets = assign.targets();
                value = assign.value();
            } else if (statement instanceof Stmt.AnnAssign ann && ann.value() != null) {
                targets = List.of(ann.target());
                value = ann.value();
            } else {
                continue;
            }
            for (Expr target : targets) {
                if (target instanceof Expr.Name name) {
                    int offset = name.span().startOffset();
                    PythonLiterals.Result literal = masked(parsed, value) ? null : PythonLiterals.evaluate(value);
                    found.add(new Assignment(identifier(name.id()), columns.line(offset), columns.column(offset), literal != null,
                            literal == null ? null : literal.type(), literal == null ? null : Values.plain(literal.json())));
                }
            }
        }
        return found;
    }

    /**
     * The strings IPython's rewriting makes of line magics and shell escapes: {@code %matplotlib inline}
     * is {@code get_ipython().run_line_magic('matplotlib', 'inline')}, {@code !ls} is
     * {@code get_ipython().system('ls')}.
     */
    private static void magicStrings(ParsedCell parsed, List<String> strings) {
        for (MaskedLine masked : parsed.maskedLines()) {
            switch (masked.kind()) {
                case LINE_MAGIC, MAGIC_ASSIGN -> {
                    String command = masked.command();
                    int space = command.indexOf(' ');
                    strings.add(space < 0 ? command : command.substring(0, space));
                    strings.add(space < 0 ? "" : command.substring(space + 1));
                }
                case SHELL, SHELL_ASSIGN -> strings.add(masked.command());
                default -> {
                }
            }
        }
    }

    /** Whether IPython syntax was masked inside the expression ({@code x = !ls} reads as {@code x = 0}). */
    private static boolean masked(ParsedCell parsed, Expr value) {
        Span span = value.span();
        return parsed.maskedLines().stream()
                .anyMatch(m -> m.span().startOffset() < span.endOffset() && span.startOffset() < m.span().endOffset());
    }

    /** An identifier as Python keeps it: NFKC-normalised ({@code 𝔘} is {@code U}). */
    static String identifier(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) >= 0x80) {
                return Normalizer.normalize(name, Normalizer.Form.NFKC);
            }
        }
        return name;
    }

    /** String constants, and each f-string (format specs included) with its fields written {@code *}. */
    private static void strings(Node node, List<String> found) {
        if (node instanceof Expr.StringLiteral literal) {
            if (!literal.bytes()) {
                found.add(literal.value());
            }
            return;
        }
        if (node instanceof Expr.JoinedStr joined) {
            StringBuilder shape = new StringBuilder();
            StringBuilder constant = new StringBuilder();
            List<String> constants = new ArrayList<>();
            List<Expr.FormattedValue> fields = new ArrayList<>();
            for (Expr part : joined.values()) {
                if (part instanceof Expr.StringLiteral literal) {
                    constant.append(literal.value());
                } else if (part instanceof Expr.FormattedValue field) {
                    if (field.debugText() != null) {
                        constant.append(field.debugText());
                    }
                    flush(constant, shape, constants);
                    shape.append('*');
                    fields.add(field);
                }
            }
            flush(constant, shape, constants);
            found.add(shape.toString());
            found.addAll(constants);
            for (Expr.FormattedValue field : fields) {
                strings(field.value(), found);
                if (field.formatSpec() != null) {
                    strings(field.formatSpec(), found);
                }
            }
            return;
        }
        for (Node child : node.children()) {
            strings(child, found);
        }
    }

    private static void flush(StringBuilder constant, StringBuilder shape, List<String> constants) {
        if (!constant.isEmpty()) {
            shape.append(constant);
            constants.add(constant.toString());
            constant.setLength(0);
        }
    }

    /** Loads and module-level stores of the watched names, in the order CPython's tree walk meets them. */
    private static final class Events {
        private final Set<String> names;
        private final PythonColumns columns;
        private final String source;
        private final List<NameEvent> events = new ArrayList<>();
        private int local;

        Events(Set<String> names, PythonColumns columns, String source) {
            this.names = names;
            this.columns = columns;
            this.source = source;
        }

        private void add(String name, boolean store, int offset) {
            name = identifier(name);
            if (names.contains(name) && (!store || local == 0)) {
                events.add(new NameEvent(name, store, columns.line(offset), columns.column(offset)));
            }
        }

        private void visitAll(List<? extends Node> nodes) {
            for (Node node : nodes) {
                visit(node);
            }
        }

        void visit(Node node) {
            if (node == null) {
                return;
            }
            if (node instanceof Expr.Name name) {
                add(name.id(), name.ctx() != Expr.Ctx.LOAD, name.span().startOffset());
            } else if (node instanceof Stmt.Assign assign) {
                visit(assign.value());
                visitAll(assign.targets());
            } else if (node instanceof Stmt.AugAssign aug) {
                visit(aug.value());
                if (aug.target() instanceof Expr.Name name) {
                    add(name.id(), false, name.span().startOffset());
                }
                visit(aug.target());
            } else if (node instanceof Stmt.AnnAssign ann) {
                if (ann.value() != null) {
                    visit(ann.value());
                    visit(ann.target());
                }
            } else if (node instanceof Expr.NamedExpr named) {
                visit(named.value());
                visit(named.target());
            } else if (node instanceof Stmt.For loop) {
                visit(loop.iter());
                visit(loop.target());
                visitAll(loop.body());
                visitAll(loop.orElse());
            } else if (node instanceof Stmt.With with) {
                for (Part.WithItem item : with.items()) {
                    visit(item.context());
                    visit(item.target());
                }
                visitAll(with.body());
            } else if (node instanceof Part.ExceptHandler handler) {
                visit(handler.type());
                if (handler.name() != null) {
                    add(handler.name().name(), true, handler.span().startOffset());
                }
                visitAll(handler.body());
            } else if (node instanceof Stmt.Import imp) {
                imp.names().forEach(alias -> add(alias.boundName(), true, imp.span().startOffset()));
            } else if (node instanceof Stmt.ImportFrom imp) {
                imp.names().forEach(alias -> add(alias.boundName(), true, imp.span().startOffset()));
            } else if (node instanceof Stmt.FunctionDef function) {
                visitAll(function.decorators());
                List<Node> before = new ArrayList<>();
                function.parameters().positionalOnly().forEach(p -> addIfPresent(before, p.defaultValue()));
                function.parameters().regular().forEach(p -> addIfPresent(before, p.defaultValue()));
                function.parameters().keywordOnly().forEach(p -> addIfPresent(before, p.defaultValue()));
                scoped(before, function.body());
                add(function.name(), true, keywordBefore(function.nameSpan(), "def"));
            } else if (node instanceof Stmt.ClassDef type) {
                List<Node> before = new ArrayList<>(type.decorators());
                before.addAll(type.bases());
                type.keywords().forEach(k -> before.add(k.value()));
                scoped(before, type.body());
                add(type.name(), true, keywordBefore(type.nameSpan(), "class"));
            } else if (node instanceof Expr.Lambda lambda) {
                List<Node> before = new ArrayList<>();
                if (lambda.parameters() != null) {
                    lambda.parameters().positionalOnly().forEach(p -> addIfPresent(before, p.defaultValue()));
                    lambda.parameters().regular().forEach(p -> addIfPresent(before, p.defaultValue()));
                    lambda.parameters().keywordOnly().forEach(p -> addIfPresent(before, p.defaultValue()));
                }
                scoped(before, List.of(lambda.body()));
            } else if (node instanceof Expr.Comprehension comprehension) {
                comprehension(comprehension.generators(), List.of(comprehension.element()));
            } else if (node instanceof Expr.DictComprehension comprehension) {
                comprehension(comprehension.generators(), List.of(comprehension.key(), comprehension.value()));
            } else if (node instanceof Expr.Dict dict) {
                dict.keys().forEach(this::visit);
                visitAll(dict.values());
            } else if (node instanceof Expr.IfExp ifExp) {
                visit(ifExp.test());
                visit(ifExp.body());
                visit(ifExp.orElse());
            } else if (node instanceof Pattern.MatchMapping mapping) {
                visitAll(mapping.keys());
                visitAll(mapping.patterns());
            } else {
                visitAll(node.children());
            }
        }

        private static void addIfPresent(List<Node> nodes, Node node) {
            if (node != null) {
                nodes.add(node);
            }
        }

        private void scoped(List<Node> before, List<? extends Node> body) {
            visitAll(before);
            local++;
            visitAll(body);
            local--;
        }

        private void comprehension(List<Part.ForClause> generators, List<Expr> elements) {
            visit(generators.get(0).iter());
            local++;
            for (int i = 0; i < generators.size(); i++) {
                Part.ForClause generator = generators.get(i);
                if (i > 0) {
                    visit(generator.iter());
                }
                visit(generator.target());
                visitAll(generator.conditions());
            }
            visitAll(elements);
            local--;
        }

        /** Where {@code def}/{@code async def}/{@code class} is written before a name: CPython's position of the statement. */
        private int keywordBefore(Span name, String keyword) {
            int i = skipSpaceBackwards(name.startOffset());
            if (i < keyword.length() || !source.startsWith(keyword, i - keyword.length())) {
                return name.startOffset();
            }
            int start = i - keyword.length();
            if (keyword.equals("def")) {
                int j = skipSpaceBackwards(start);
                if (j < start && j >= 5 && source.startsWith("async", j - 5)) {
                    return j - 5;
                }
            }
            return start;
        }

        private int skipSpaceBackwards(int offset) {
            int i = offset;
            while (i > 0 && (source.charAt(i - 1) == ' ' || source.charAt(i - 1) == '\t' || source.charAt(i - 1) == '\f')) {
                i--;
            }
            return i;
        }
    }
}
