package dev.jupyship.python;

import java.util.List;

/**
 * A parsed module (a file, or one notebook cell after {@link IPythonMasking}): its statements, the
 * spans of its comments, and the source they point into.
 */
public record PythonModule(String source, List<Stmt> body, List<Span> comments) {

    /** Every statement that did not parse, nested ones included, in source order. */
    public List<Stmt.ErrorStmt> errors() {
        return body.stream().flatMap(Node::stream).filter(Stmt.ErrorStmt.class::isInstance).map(Stmt.ErrorStmt.class::cast).toList();
    }

    public boolean hasErrors() {
        return body.stream().flatMap(Node::stream).anyMatch(Stmt.ErrorStmt.class::isInstance);
    }

    /** The source text a node covers. */
    public String text(Node node) {
        return node.span().text(source);
    }
}
