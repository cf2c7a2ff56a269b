package dev.jupyship.python;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;

/**
 * A node of the syntax tree: a statement, an expression, a match pattern or one of the smaller
 * parts ({@link Part}). Every node knows its span and its direct children, which is all a generic
 * walk needs ({@link #stream()}, {@link AstVisitor}).
 */
public sealed interface Node permits Stmt, Expr, Pattern, Part {

    Span span();

    /** The direct children in source order (nulls left out). */
    List<Node> children();

    /** This node and all its descendants, depth first in source order. */
    default Stream<Node> stream() {
        List<Node> all = new ArrayList<>();
        Deque<Node> pending = new ArrayDeque<>();
        pending.push(this);
        while (!pending.isEmpty()) {
            Node node = pending.pop();
            all.add(node);
            List<Node> children = node.children();
            for (int i = children.size() - 1; i >= 0; i--) {
                pending.push(children.get(i));
            }
        }
        return all.stream();
    }

    /** Children from fields that may be null or lists of nodes. */
    static List<Node> childrenOf(Object... fields) {
        List<Node> children = new ArrayList<>(fields.length + 2);
        for (Object field : fields) {
            if (field instanceof Node node) {
                children.add(node);
            } else if (field instanceof Collection<?> many) {
                for (Object item : many) {
                    if (item instanceof Node node) {
                        children.add(node);
                    }
                }
            }
        }
        return children;
    }
}
