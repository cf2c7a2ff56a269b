package dev.jupyship.python;

import java.util.List;

/** Questions rules ask about constant values (papermill parameter cells, hard-coded paths and secrets). */
public final class Literals {

    private Literals() {
    }

    /**
     * True for a value made only of literals: numbers (signed), strings and bytes without fields,
     * None/True/False/..., and lists, tuples, sets and dicts of those.
     */
    public static boolean isLiteral(Expr expr) {
        if (expr instanceof Expr.NumberLiteral || expr instanceof Expr.StringLiteral || expr instanceof Expr.NamedConstant) {
            return true;
        }
        if (expr instanceof Expr.UnaryOp unary) {
            return (unary.op().equals("-") || unary.op().equals("+")) && unary.operand() instanceof Expr.NumberLiteral;
        }
        if (expr instanceof Expr.BinOp bin) {
            // complex literals: 1 + 2j
            return (bin.op().equals("+") || bin.op().equals("-")) && isLiteral(bin.left()) && bin.right() instanceof Expr.NumberLiteral n
                    && n.isImaginary();
        }
        if (expr instanceof Expr.ListExpr list) {
            return list.elements().stream().allMatch(Literals::isLiteral);
        }
        if (expr instanceof Expr.Tuple tuple) {
            return tuple.elements().stream().allMatch(Literals::isLiteral);
        }
        if (expr instanceof Expr.SetExpr set) {
            return set.elements().stream().allMatch(Literals::isLiteral);
        }
        if (expr instanceof Expr.Dict dict) {
            return dict.keys().stream().allMatch(k -> k != null && isLiteral(k)) && dict.values().stream().allMatch(Literals::isLiteral);
        }
        return false;
    }

    /**
     * True for a cell of plain literal assignments (papermill's parameters cell): every statement is
     * {@code name = literal} or {@code name: type = literal}; comments and blank lines allowed, and an
     * empty cell is not one.
     */
    public static boolean isParameterAssignments(List<Stmt> body) {
        if (body.isEmpty()) {
            return false;
        }
        for (Stmt stmt : body) {
            if (stmt instanceof Stmt.Assign assign) {
                if (!assign.targets().stream().allMatch(t -> t instanceof Expr.Name) || !isLiteral(assign.value())) {
                    return false;
                }
            } else if (stmt instanceof Stmt.AnnAssign ann) {
                if (!(ann.target() instanceof Expr.Name) || ann.value() == null || !isLiteral(ann.value())) {
                    return false;
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** The value of a string literal, f-strings excluded; null for anything else. */
    public static String stringValue(Expr expr) {
        return expr instanceof Expr.StringLiteral literal && !literal.bytes() ? literal.value() : null;
    }
}
