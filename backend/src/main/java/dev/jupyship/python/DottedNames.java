package dev.jupyship.python;

/** Dotted names as written: {@code np.random.seed} for the function of {@code np.random.seed(0)}. */
public final class DottedNames {

    private DottedNames() {
    }

    /** The dotted name of a Name or chain of Attributes (a Call's function is looked through), else null. */
    public static String of(Expr expr) {
        if (expr instanceof Expr.Call call) {
            return of(call.function());
        }
        if (expr instanceof Expr.Name name) {
            return name.id();
        }
        if (expr instanceof Expr.Attribute attribute) {
            String base = of(attribute.value());
            return base == null || attribute.value() instanceof Expr.Call ? null : base + "." + attribute.attr();
        }
        return null;
    }

    /** The Name a dotted name starts with ({@code np} in {@code np.random.seed}), or null. */
    public static Expr.Name head(Expr expr) {
        if (expr instanceof Expr.Call call) {
            return head(call.function());
        }
        if (expr instanceof Expr.Name name) {
            return name;
        }
        if (expr instanceof Expr.Attribute attribute && !(attribute.value() instanceof Expr.Call)) {
            return head(attribute.value());
        }
        return null;
    }
}
