package dev.jupyship.python;

import java.util.ArrayList;
import java.util.List;

/** The smaller pieces of statements and expressions: parameters, arguments, clauses, aliases. */
public sealed interface Part extends Node {

    /** A name written in the source that is not an expression (capture patterns, keyword names). */
    record Identifier(Span span, String name) implements Part {
        public List<Node> children() {
            return List.of();
        }
    }

    /** One parameter; {@code defaultValue} and {@code annotation} may be null. */
    record Parameter(Span span, String name, Expr annotation, Expr defaultValue) implements Part {
        public List<Node> children() {
            return Node.childrenOf(annotation, defaultValue);
        }
    }

    /** A parameter list: {@code (posOnly, /, regular, *varArgs, keywordOnly, **kwArgs)}. */
    record Parameters(Span span, List<Parameter> positionalOnly, List<Parameter> regular, Parameter varArgs,
            List<Parameter> keywordOnly, Parameter kwArgs) implements Part {
        public List<Node> children() {
            return Node.childrenOf(positionalOnly, regular, varArgs, keywordOnly, kwArgs);
        }

        /** Every parameter in source order. */
        public List<Parameter> all() {
            List<Parameter> all = new ArrayList<>(positionalOnly);
            all.addAll(regular);
            if (varArgs != null) {
                all.add(varArgs);
            }
            all.addAll(keywordOnly);
            if (kwArgs != null) {
                all.add(kwArgs);
            }
            return all;
        }
    }

    /** {@code name=value} in a call, or {@code **value} (name null). */
    record Keyword(Span span, String name, Expr value) implements Part {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    /** One {@code [async] for target in iter if cond...} clause of a comprehension. */
    record ForClause(Span span, Expr target, Expr iter, List<Expr> conditions, boolean isAsync) implements Part {
        public List<Node> children() {
            return Node.childrenOf(target, iter, conditions);
        }
    }

    /** {@code except [type [as name]]:}; type and name may be null. */
    record ExceptHandler(Span span, Expr type, Identifier name, List<Stmt> body) implements Part {
        public List<Node> children() {
            return Node.childrenOf(type, name, body);
        }
    }

    record WithItem(Span span, Expr context, Expr target) implements Part {
        public List<Node> children() {
            return Node.childrenOf(context, target);
        }
    }

    record MatchCase(Span span, Pattern pattern, Expr guard, List<Stmt> body) implements Part {
        public List<Node> children() {
            return Node.childrenOf(pattern, guard, body);
        }
    }

    /**
     * {@code name [as asName]} in an import; {@code name} is dotted for {@code import a.b}, "*" for a
     * star import.
     */
    record Alias(Span span, String name, String asName) implements Part {
        public List<Node> children() {
            return List.of();
        }

        /** The name this alias binds: {@code asName}, else the first part of a dotted module. */
        public String boundName() {
            if (asName != null) {
                return asName;
            }
            int dot = name.indexOf('.');
            return dot < 0 ? name : name.substring(0, dot);
        }
    }

    /** A PEP 695 type parameter: {@code T: bound}, {@code *Ts}, {@code **P}. */
    record TypeParam(Span span, Kind kind, String name, Expr bound, Expr defaultValue) implements Part {
        public enum Kind { TYPE_VAR, TYPE_VAR_TUPLE, PARAM_SPEC }

        public List<Node> children() {
            return Node.childrenOf(bound, defaultValue);
        }
    }
}
