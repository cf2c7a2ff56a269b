package dev.jupyship.python;

import java.util.List;

/**
 * Expressions, close to Python's own {@code ast} module so its documentation applies. Operators are
 * kept as their source spelling ({@code "+"}, {@code "not in"}, {@code "and"}). String literals
 * are joined when implicitly concatenated; f-strings are {@link JoinedStr}.
 */
public sealed interface Expr extends Node {

    /** How a name, attribute, subscript, starred, list or tuple is used. */
    enum Ctx { LOAD, STORE, DEL }

    record Name(Span span, String id, Ctx ctx) implements Expr {
        public List<Node> children() {
            return List.of();
        }
    }

    record NumberLiteral(Span span, String text) implements Expr {
        public List<Node> children() {
            return List.of();
        }

        public boolean isImaginary() {
            return text.endsWith("j") || text.endsWith("J");
        }
    }

    /** A string or bytes literal (implicit concatenation already joined), with escapes decoded. */
    record StringLiteral(Span span, String value, boolean bytes) implements Expr {
        public List<Node> children() {
            return List.of();
        }
    }

    /** {@code None}, {@code True}, {@code False} or {@code ...}. */
    record NamedConstant(Span span, Kind kind) implements Expr {
        public enum Kind { NONE, TRUE, FALSE, ELLIPSIS }

        public List<Node> children() {
            return List.of();
        }
    }

    /** An f-string: its literal parts are {@link StringLiteral}s, its fields {@link FormattedValue}s. */
    record JoinedStr(Span span, List<Expr> values) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(values);
        }
    }

    /**
     * One replacement field {@code {value!r:spec}}; {@code conversion} is 's', 'r', 'a' or 0;
     * {@code debugText} is the text before '=' in {@code {x=}}, else null.
     */
    record FormattedValue(Span span, Expr value, char conversion, JoinedStr formatSpec, String debugText) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value, formatSpec);
        }
    }

    record BoolOp(Span span, String op, List<Expr> values) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(values);
        }
    }

    record BinOp(Span span, Expr left, String op, Expr right) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(left, right);
        }
    }

    /** {@code op} is "-", "+", "~" or "not". */
    record UnaryOp(Span span, String op, Expr operand) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(operand);
        }
    }

    record Compare(Span span, Expr left, List<String> ops, List<Expr> comparators) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(left, comparators);
        }
    }

    record Lambda(Span span, Part.Parameters parameters, Expr body) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(parameters, body);
        }
    }

    record IfExp(Span span, Expr test, Expr body, Expr orElse) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(body, test, orElse);
        }
    }

    /** A dict display; a null key marks {@code **value}. */
    record Dict(Span span, List<Expr> keys, List<Expr> values) implements Expr {
        public List<Node> children() {
            java.util.ArrayList<Object> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                pairs.add(keys.get(i));
                pairs.add(values.get(i));
            }
            return Node.childrenOf(pairs);
        }
    }

    record SetExpr(Span span, List<Expr> elements) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(elements);
        }
    }

    record ListExpr(Span span, List<Expr> elements, Ctx ctx) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(elements);
        }
    }

    record Tuple(Span span, List<Expr> elements, Ctx ctx) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(elements);
        }
    }

    /** List, set and generator comprehensions; {@code kind} says which. */
    record Comprehension(Span span, Kind kind, Expr element, List<Part.ForClause> generators) implements Expr {
        public enum Kind { LIST, SET, GENERATOR }

        public List<Node> children() {
            return Node.childrenOf(element, generators);
        }
    }

    record DictComprehension(Span span, Expr key, Expr value, List<Part.ForClause> generators) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(key, value, generators);
        }
    }

    record Await(Span span, Expr value) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    /** {@code yield} (value may be null) or, with {@code from}, {@code yield from value}. */
    record Yield(Span span, Expr value, boolean from) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    /** A call; positional arguments include {@link Starred} for {@code *args}. */
    record Call(Span span, Expr function, List<Expr> arguments, List<Part.Keyword> keywords) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(function, arguments, keywords);
        }
    }

    record Attribute(Span span, Expr value, String attr, Ctx ctx) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    record Subscript(Span span, Expr value, Expr slice, Ctx ctx) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value, slice);
        }
    }

    record Slice(Span span, Expr lower, Expr upper, Expr step) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(lower, upper, step);
        }
    }

    record Starred(Span span, Expr value, Ctx ctx) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    /** {@code target := value}. */
    record NamedExpr(Span span, Name target, Expr value) implements Expr {
        public List<Node> children() {
            return Node.childrenOf(target, value);
        }
    }
}
