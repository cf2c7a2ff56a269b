package dev.jupyship.python;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of a walk over a module's scopes and pyflakes' rules for binding and looking up a name
 * in it: which scope a binding lands in ({@code global}, {@code nonlocal}), the chain a use is
 * looked up along (class scopes seen only from their own body), builtins, star imports and
 * {@code __all__}. {@link ScopeAnalyzer} walks the statements and expressions and calls these.
 */
abstract class NameResolution {

    final Scope module = new Scope(Scope.Kind.MODULE, null, null);
    final List<Scope> scopes = new ArrayList<>(List.of(module));
    final List<NameUse> uses = new ArrayList<>();
    final List<NameUse> undefined = new ArrayList<>();
    final Map<Expr.Name, Binding> resolved = new IdentityHashMap<>();
    final List<Expr> dunderAll = new ArrayList<>();

    /** Where the walk is: the current scope and the cell being read. */
    Scope scope = module;
    int cell;

    void bind(String name, Binding.Kind kind, Span span, String qualifiedName, Node node) {
        Scope target = scope;
        if (scope.globals.contains(name)) {
            target = module;
        } else if (scope.nonlocals.contains(name)) {
            for (Scope s = scope.parent(); s != null && s != module; s = s.parent()) {
                if (s.kind() != Scope.Kind.CLASS && s.lookupLocal(name) != null) {
                    target = s;
                    break;
                }
            }
        }
        target.bind(new Binding(name, kind, span, cell, target, qualifiedName, node));
    }

    Scope newScope(Scope.Kind kind, Scope parent, Node node) {
        Scope created = new Scope(kind, parent, node);
        scopes.add(created);
        return created;
    }
    void use(String name, Span span, Expr.Name node) {
        Binding binding = lookup(name);
        if (binding != null) {
            binding.addUse(span);
            resolved.put(node, binding);
        } else if (!isBuiltin(name)) {
            if (!starImportVisible()) {
                reportUndefined(name, span);
                return;
            }
        }
        uses.add(new NameUse(name, span, cell, scope, binding));
    }

    void reportUndefined(String name, Span span) {
        NameUse use = new NameUse(name, span, cell, scope, null);
        uses.add(use);
        undefined.add(use);
    }

    /** The scope chain from the current scope out; class scopes are seen only from their own body. */
    Binding lookup(String name) {
        if (scope.globals.contains(name)) {
            return module.lookupLocal(name);
        }
        for (Scope s = scope; s != null; s = s.parent()) {
            if (s.kind() == Scope.Kind.CLASS && s != scope) {
                continue;
            }
            Binding binding = s.lookupLocal(name);
            if (binding != null) {
                return binding;
            }
        }
        return null;
    }

    boolean starImportVisible() {
        for (Scope s = scope; s != null; s = s.parent()) {
            if (s.hasStarImport) {
                return true;
            }
        }
        return false;
    }

    boolean isBuiltin(String name) {
        if (Builtins.isNotebookBuiltin(name)) {
            return true;
        }
        // class bodies have these, methods have __class__
        boolean inClass = scope.kind() == Scope.Kind.CLASS;
        return (inClass && (name.equals("__module__") || name.equals("__qualname__")))
                || (name.equals("__class__") && scope.kind() == Scope.Kind.FUNCTION && scope.parent() != null
                        && scope.parent().kind() == Scope.Kind.CLASS);
    }

    /** Names listed in {@code __all__} count as used. */
    void markDunderAllUsed() {
        for (Expr value : dunderAll) {
            value.stream().filter(Expr.StringLiteral.class::isInstance).map(Expr.StringLiteral.class::cast).forEach(literal -> {
                Binding binding = module.lookupLocal(literal.value());
                if (binding != null) {
                    binding.addUse(literal.span());
                }
            });
        }
    }
}
