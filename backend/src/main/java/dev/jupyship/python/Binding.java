package dev.jupyship.python;

import java.util.ArrayList;
import java.util.List;

/** A name bound in a scope: by an import, an assignment, a def, a parameter, ... */
public final class Binding {

    public enum Kind {
        IMPORT, FROM_IMPORT, FUTURE_IMPORT, ASSIGNMENT, AUGMENTED_ASSIGNMENT, ANNOTATED_ASSIGNMENT, NAMED_EXPR, FOR_TARGET,
        COMPREHENSION_TARGET, WITH_TARGET, EXCEPT_NAME, PARAMETER, FUNCTION, CLASS, MATCH_CAPTURE, TYPE_ALIAS, TYPE_PARAM,
        /** A name a function declares {@code global} and binds: the module has it once the function runs. */
        GLOBAL,
        /** A name a function declares {@code nonlocal}. */
        NONLOCAL
    }

    private final String name;
    private final Kind kind;
    private final Span span;
    private final int cell;
    private final Scope scope;
    private final String qualifiedName;
    private final Node node;
    private final List<Span> uses = new ArrayList<>(2);

    Binding(String name, Kind kind, Span span, int cell, Scope scope, String qualifiedName, Node node) {
        this.name = name;
        this.kind = kind;
        this.span = span;
        this.cell = cell;
        this.scope = scope;
        this.qualifiedName = qualifiedName;
        this.node = node;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    /** Where the binding is written: the alias of an import, the target name, the def's name. */
    public Span span() {
        return span;
    }

    /** The index of the cell it is in (0 for a plain module). */
    public int cell() {
        return cell;
    }

    public Scope scope() {
        return scope;
    }

    /**
     * For imports, what the name refers to: {@code numpy} for {@code import numpy as np},
     * {@code os.path.join} for {@code from os.path import join}, {@code a} for {@code import a.b}
     * (see {@link #importedModule()}), {@code ..pkg.x} for relative imports; null for other bindings.
     */
    public String qualifiedName() {
        return qualifiedName;
    }

    /** For {@code import a.b.c}: {@code a.b.c}; for other imports the same as {@link #qualifiedName()}. */
    public String importedModule() {
        return node instanceof Part.Alias alias && kind == Kind.IMPORT ? alias.name() : qualifiedName;
    }

    /** The node that binds: the import's {@link Part.Alias}, the def, the target name, the parameter. */
    public Node node() {
        return node;
    }

    public boolean isImport() {
        return kind == Kind.IMPORT || kind == Kind.FROM_IMPORT || kind == Kind.FUTURE_IMPORT;
    }

    public boolean isUsed() {
        return !uses.isEmpty();
    }

    /**
     * Where it is used: names that resolved to it, in the order they were resolved, after the uses of
     * the binding it replaced in its scope (carried over, as ruff does).
     */
    public List<Span> uses() {
        return uses;
    }

    void addUse(Span use) {
        uses.add(use);
    }

    @Override
    public String toString() {
        return kind + " " + name + (qualifiedName != null ? " (" + qualifiedName + ")" : "") + " @" + cell + ":" + span;
    }
}
