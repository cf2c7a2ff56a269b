package dev.jupyship.python;

import java.util.List;

/** Statements, close to Python's own {@code ast} module. */
public sealed interface Stmt extends Node {

    /** {@code def} and {@code async def}; {@code nameSpan} is where the name is written. */
    record FunctionDef(Span span, String name, Span nameSpan, List<Expr> decorators, List<Part.TypeParam> typeParams,
            Part.Parameters parameters, Expr returns, List<Stmt> body, boolean isAsync) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(decorators, typeParams, parameters, returns, body);
        }
    }

    record ClassDef(Span span, String name, Span nameSpan, List<Expr> decorators, List<Part.TypeParam> typeParams,
            List<Expr> bases, List<Part.Keyword> keywords, List<Stmt> body) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(decorators, typeParams, bases, keywords, body);
        }
    }

    record Return(Span span, Expr value) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    record Delete(Span span, List<Expr> targets) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(targets);
        }
    }

    /** {@code a = b = value}: one target per '='. */
    record Assign(Span span, List<Expr> targets, Expr value) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(targets, value);
        }
    }

    /** {@code target op= value}; {@code op} without the '=' ("+", "**", "@", ...). */
    record AugAssign(Span span, Expr target, String op, Expr value) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(target, value);
        }
    }

    /** {@code target: annotation [= value]}; {@code simple} when the target is a bare name not in parentheses. */
    record AnnAssign(Span span, Expr target, Expr annotation, Expr value, boolean simple) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(target, annotation, value);
        }
    }

    /** {@code type Name[params] = value} (PEP 695). */
    record TypeAlias(Span span, Expr.Name name, List<Part.TypeParam> typeParams, Expr value) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(name, typeParams, value);
        }
    }

    record For(Span span, Expr target, Expr iter, List<Stmt> body, List<Stmt> orElse, boolean isAsync) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(target, iter, body, orElse);
        }
    }

    record While(Span span, Expr test, List<Stmt> body, List<Stmt> orElse) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(test, body, orElse);
        }
    }

    /** {@code if}; an {@code elif} is an If alone in {@code orElse}. */
    record If(Span span, Expr test, List<Stmt> body, List<Stmt> orElse) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(test, body, orElse);
        }
    }

    record With(Span span, List<Part.WithItem> items, List<Stmt> body, boolean isAsync) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(items, body);
        }
    }

    record Match(Span span, Expr subject, List<Part.MatchCase> cases) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(subject, cases);
        }
    }

    record Raise(Span span, Expr exception, Expr cause) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(exception, cause);
        }
    }

    /** {@code try}; {@code star} for {@code except*} handlers. */
    record Try(Span span, List<Stmt> body, List<Part.ExceptHandler> handlers, List<Stmt> orElse, List<Stmt> finalBody,
            boolean star) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(body, handlers, orElse, finalBody);
        }
    }

    record Assert(Span span, Expr test, Expr message) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(test, message);
        }
    }

    record Import(Span span, List<Part.Alias> names) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(names);
        }
    }

    /** {@code from .module import names}; {@code module} is null for {@code from . import x}. */
    record ImportFrom(Span span, String module, int level, List<Part.Alias> names) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(names);
        }
    }

    record Global(Span span, List<String> names) implements Stmt {
        public List<Node> children() {
            return List.of();
        }
    }

    record Nonlocal(Span span, List<String> names) implements Stmt {
        public List<Node> children() {
            return List.of();
        }
    }

    record ExprStmt(Span span, Expr value) implements Stmt {
        public List<Node> children() {
            return Node.childrenOf(value);
        }
    }

    record Pass(Span span) implements Stmt {
        public List<Node> children() {
            return List.of();
        }
    }

    record Break(Span span) implements Stmt {
        public List<Node> children() {
            return List.of();
        }
    }

    record Continue(Span span) implements Stmt {
        public List<Node> children() {
            return List.of();
        }
    }

    /**
     * A statement that did not parse: {@code span} covers the skipped text (the statement and, for a
     * compound statement, its indented block), {@code errorAt} is where the parser gave up.
     */
    record ErrorStmt(Span span, String message, Span errorAt) implements Stmt {
        public List<Node> children() {
            return List.of();
        }

        @Override
        public String toString() {
            return message + " at " + (errorAt.startLine() + 1) + ":" + (errorAt.startColumn() + 1);
        }
    }
}
