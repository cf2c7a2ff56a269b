package dev.jupyship.python;

import java.util.List;

/**
 * A walk over a tree for rules: override {@link #enter} (return false to skip a node's children)
 * and {@link #leave}. {@link Node#stream()} is the other way in, for rules that only filter nodes.
 *
 * <pre>{@code
 * new AstVisitor() {
 *     int loops;
 *     protected boolean enter(Node node) {
 *         if (node instanceof Stmt.For || node instanceof Stmt.While) loops++;
 *         if (loops > 0 && node instanceof Expr.Call call && "print".equals(DottedNames.of(call))) report(call);
 *         return true;
 *     }
 *     protected void leave(Node node) {
 *         if (node instanceof Stmt.For || node instanceof Stmt.While) loops--;
 *     }
 * }.walk(cell.body());
 * }</pre>
 */
public abstract class AstVisitor {

    public final void walk(List<? extends Node> nodes) {
        for (Node node : nodes) {
            walk(node);
        }
    }

    public final void walk(Node node) {
        if (enter(node)) {
            for (Node child : node.children()) {
                walk(child);
            }
        }
        leave(node);
    }

    /** Called before the children; false skips them. */
    protected boolean enter(Node node) {
        return true;
    }

    /** Called after the children. */
    protected void leave(Node node) {
    }
}
