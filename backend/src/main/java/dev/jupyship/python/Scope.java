package dev.jupyship.python;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A namespace: the module, a class body, a function or lambda, or a comprehension. */
public final class Scope {

    public enum Kind { MODULE, CLASS, FUNCTION, LAMBDA, COMPREHENSION }

    private final Kind kind;
    private final Scope parent;
    private final Node node;
    private final Map<String, Binding> current = new LinkedHashMap<>();
    private final List<Binding> all = new ArrayList<>();
    final Set<String> globals = new HashSet<>();
    final Set<String> nonlocals = new HashSet<>();
    boolean hasStarImport;

    Scope(Kind kind, Scope parent, Node node) {
        this.kind = kind;
        this.parent = parent;
        this.node = node;
    }

    public Kind kind() {
        return kind;
    }

    /** The enclosing scope, null for the module. */
    public Scope parent() {
        return parent;
    }

    /** The def, class, lambda or comprehension; null for the module. */
    public Node node() {
        return node;
    }

    /** The binding each name has at the end of the scope (deleted names left out). */
    public Map<String, Binding> bindings() {
        return Collections.unmodifiableMap(current);
    }

    /** Every binding made in this scope, rebound and deleted ones included, in order. */
    public List<Binding> allBindings() {
        return Collections.unmodifiableList(all);
    }

    /** True after {@code from x import *}: any name may be defined. */
    public boolean hasStarImport() {
        return hasStarImport;
    }

    public Binding lookupLocal(String name) {
        return current.get(name);
    }

    /** Rebinding a name carries the uses of its previous binding over (ruff does the same, so F401 agrees). */
    void bind(Binding binding) {
        Binding previous = current.put(binding.name(), binding);
        if (previous != null) {
            previous.uses().forEach(binding::addUse);
        }
        all.add(binding);
    }

    void restore(String name, Binding previous) {
        if (previous == null) {
            current.remove(name);
        } else {
            current.put(name, previous);
        }
    }

    void unbind(String name) {
        current.remove(name);
    }
}
