package dev.jupyship.python;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Binds and resolves names the way pyflakes (and ruff's F401/F821) do, over one module or the code
 * cells of a notebook taken in order as one module.
 *
 * <p>Module and class bodies are resolved as they run: a name must be bound above its use. Function
 * and lambda bodies are resolved after the whole module (all cells), against the module's final
 * bindings, since they run only when called; a function's own names still have to be bound above
 * their use in it. Class scopes are not visible from the functions and comprehensions inside them.
 * A comprehension has its own scope, its first iterable is evaluated outside it, and {@code :=}
 * binds in the nearest enclosing non-comprehension scope.
 *
 * <p>Simplified: string annotations are not parsed (their names are neither uses nor undefined);
 * PEP 695 type parameters are bound in the function's own scope (so they are undefined in the
 * function's parameter annotations); {@code del} inside a branch, loop or try keeps the name bound;
 * {@code x: int} without a value binds nothing.
 *
 * <p>Where a name binds and how a use resolves is {@link NameResolution}'s; this class walks.
 */
final class ScopeAnalyzer extends NameResolution {

    /** Function and lambda bodies, resolved after the whole module. */
    private final Deque<Runnable> deferred = new ArrayDeque<>();
    /** Inside an if/loop/try/with/match body: a {@code del} there may not run. */
    private int branchDepth;

    ModuleAnalysis analyze(List<ParsedCell> cells) {
        List<ParsedCell> python = new ArrayList<>();
        for (ParsedCell parsedCell : cells) {
            if (!parsedCell.isPython()) {
                continue;
            }
            python.add(parsedCell);
            cell = parsedCell.index();
            statements(parsedCell.body());
        }
        while (!deferred.isEmpty()) {
            deferred.removeFirst().run();
        }
        markDunderAllUsed();
        return new ModuleAnalysis(python, module, scopes, uses, undefined, resolved);
    }

    // ---- statements ----

    private void statements(List<Stmt> body) {
        for (Stmt stmt : body) {
            statement(stmt);
        }
    }

    private void branch(List<Stmt> body) {
        branchDepth++;
        statements(body);
        branchDepth--;
    }

    private void statement(Stmt stmt) {
        if (stmt instanceof Stmt.ExprStmt s) {
            expr(s.value());
        } else if (stmt instanceof Stmt.Assign s) {
            expr(s.value());
            for (Expr target : s.targets()) {
                target(target, Binding.Kind.ASSIGNMENT, stmt);
            }
            if (scope == module && s.targets().stream().anyMatch(t -> t instanceof Expr.Name n && n.id().equals("__all__"))) {
                dunderAll.add(s.value());
            }
        } else if (stmt instanceof Stmt.AugAssign s) {
            expr(s.value());
            if (s.target() instanceof Expr.Name name) {
                use(name.id(), name.span(), name);
                bind(name.id(), Binding.Kind.AUGMENTED_ASSIGNMENT, name.span(), null, name);
                if (scope == module && name.id().equals("__all__")) {
                    dunderAll.add(s.value());
                }
            } else {
                target(s.target(), Binding.Kind.AUGMENTED_ASSIGNMENT, stmt);
            }
        } else if (stmt instanceof Stmt.AnnAssign s) {
            expr(s.annotation());
            if (s.value() != null) {
                expr(s.value());
                target(s.target(), Binding.Kind.ANNOTATED_ASSIGNMENT, stmt);
            } else if (!(s.target() instanceof Expr.Name)) {
                target(s.target(), Binding.Kind.ANNOTATED_ASSIGNMENT, stmt);
            }
        } else if (stmt instanceof Stmt.Import s) {
            for (Part.Alias alias : s.names()) {
                String qualified = alias.asName() != null ? alias.name() : alias.boundName();
                bind(alias.boundName(), Binding.Kind.IMPORT, boundNameSpan(alias), qualified, alias);
            }
        } else if (stmt instanceof Stmt.ImportFrom s) {
            importFrom(s);
        } else if (stmt instanceof Stmt.FunctionDef s) {
            functionDef(s);
        } else if (stmt instanceof Stmt.ClassDef s) {
            classDef(s);
        } else if (stmt instanceof Stmt.Return s) {
            expr(s.value());
        } else if (stmt instanceof Stmt.Delete s) {
            for (Expr target : s.targets()) {
                delete(target);
            }
        } else if (stmt instanceof Stmt.If s) {
            expr(s.test());
            branch(s.body());
            branch(s.orElse());
        } else if (stmt instanceof Stmt.While s) {
            expr(s.test());
            branch(s.body());
            branch(s.orElse());
        } else if (stmt instanceof Stmt.For s) {
            expr(s.iter());
            target(s.target(), Binding.Kind.FOR_TARGET, stmt);
            branch(s.body());
            branch(s.orElse());
        } else if (stmt instanceof Stmt.With s) {
            for (Part.WithItem item : s.items()) {
                expr(item.context());
                if (item.target() != null) {
                    target(item.target(), Binding.Kind.WITH_TARGET, item);
                }
            }
            branch(s.body());
        } else if (stmt instanceof Stmt.Try s) {
            branch(s.body());
            for (Part.ExceptHandler handler : s.handlers()) {
                exceptHandler(handler);
            }
            branch(s.orElse());
            branch(s.finalBody());
        } else if (stmt instanceof Stmt.Match s) {
            expr(s.subject());
            for (Part.MatchCase matchCase : s.cases()) {
                pattern(matchCase.pattern());
                expr(matchCase.guard());
                branch(matchCase.body());
            }
        } else if (stmt instanceof Stmt.Raise s) {
            expr(s.exception());
            expr(s.cause());
        } else if (stmt instanceof Stmt.Assert s) {
            expr(s.test());
            expr(s.message());
        } else if (stmt instanceof Stmt.Global s) {
            if (scope != module) {
                scope.globals.addAll(s.names());
            }
        } else if (stmt instanceof Stmt.Nonlocal s) {
            scope.nonlocals.addAll(s.names());
        } else if (stmt instanceof Stmt.TypeAlias s) {
            bind(s.name().id(), Binding.Kind.TYPE_ALIAS, s.name().span(), null, s);
            expr(s.value());
        }
        // Pass, Break, Continue, ErrorStmt: nothing to bind or use
    }

    private void importFrom(Stmt.ImportFrom s) {
        String base = ".".repeat(s.level()) + (s.module() == null ? "" : s.module());
        boolean future = "__future__".equals(s.module());
        for (Part.Alias alias : s.names()) {
            if (alias.name().equals("*")) {
                scope.hasStarImport = true;
                continue;
            }
            String qualified = base.endsWith(".") ? base + alias.name() : base + "." + alias.name();
            bind(alias.boundName(), future ? Binding.Kind.FUTURE_IMPORT : Binding.Kind.FROM_IMPORT, boundNameSpan(alias), qualified, alias);
        }
    }

    /** Where the bound name is written: the {@code np} of {@code numpy as np} (the name ends the alias), else the whole alias. */
    private static Span boundNameSpan(Part.Alias alias) {
        Span span = alias.span();
        if (alias.asName() == null) {
            return span;
        }
        int length = alias.asName().length();
        return new Span(span.endOffset() - length, span.endOffset(), span.endLine(), span.endColumn() - length, span.endLine(),
                span.endColumn());
    }

    private void exceptHandler(Part.ExceptHandler handler) {
        expr(handler.type());
        if (handler.name() == null) {
            branch(handler.body());
            return;
        }
        // Python deletes the name when the handler ends: it is unbound after it, or back to what it was
        String name = handler.name().name();
        Binding previous = scope.lookupLocal(name);
        bind(name, Binding.Kind.EXCEPT_NAME, handler.name().span(), null, handler);
        branch(handler.body());
        scope.restore(name, previous);
    }

    private void functionDef(Stmt.FunctionDef def) {
        for (Expr decorator : def.decorators()) {
            expr(decorator);
        }
        parameterDefaultsAndAnnotations(def.parameters(), true);
        expr(def.returns());
        declareGlobalsOf(def.body());
        bind(def.name(), Binding.Kind.FUNCTION, def.nameSpan(), null, def);
        Scope enclosing = scope;
        int defCell = cell;
        deferred.add(() -> runFunction(enclosing, def, defCell, def.typeParams(), def.parameters(), () -> statements(def.body())));
    }

    private void runFunction(Scope enclosing, Node node, int defCell, List<Part.TypeParam> typeParams, Part.Parameters parameters,
            Runnable body) {
        Scope saved = scope;
        int savedCell = cell;
        int savedBranch = branchDepth;
        scope = newScope(node instanceof Expr.Lambda ? Scope.Kind.LAMBDA : Scope.Kind.FUNCTION, enclosing, node);
        cell = defCell;
        branchDepth = 0;
        for (Part.TypeParam typeParam : typeParams) {
            bind(typeParam.name(), Binding.Kind.TYPE_PARAM, typeParam.span(), null, typeParam);
        }
        for (Part.Parameter parameter : parameters.all()) {
            bind(parameter.name(), Binding.Kind.PARAMETER, parameter.span(), null, parameter);
        }
        body.run();
        scope = saved;
        cell = savedCell;
        branchDepth = savedBranch;
    }

    private void parameterDefaultsAndAnnotations(Part.Parameters parameters, boolean annotations) {
        for (Part.Parameter parameter : parameters.all()) {
            expr(parameter.defaultValue());
        }
        if (annotations) {
            for (Part.Parameter parameter : parameters.all()) {
                expr(parameter.annotation());
            }
        }
    }

    /** {@code global x} in a function makes x a module name (ruff knows it before the function runs). */
    private void declareGlobalsOf(List<Stmt> body) {
        for (Stmt stmt : body) {
            if (stmt instanceof Stmt.Global global) {
                for (String name : global.names()) {
                    if (module.lookupLocal(name) == null) {
                        module.bind(new Binding(name, Binding.Kind.GLOBAL, global.span(), cell, module, null, global));
                    }
                }
            } else if (stmt instanceof Stmt.If s) {
                declareGlobalsOf(s.body());
                declareGlobalsOf(s.orElse());
            } else if (stmt instanceof Stmt.For s) {
                declareGlobalsOf(s.body());
                declareGlobalsOf(s.orElse());
            } else if (stmt instanceof Stmt.While s) {
                declareGlobalsOf(s.body());
                declareGlobalsOf(s.orElse());
            } else if (stmt instanceof Stmt.With s) {
                declareGlobalsOf(s.body());
            } else if (stmt instanceof Stmt.Try s) {
                declareGlobalsOf(s.body());
                s.handlers().forEach(h -> declareGlobalsOf(h.body()));
                declareGlobalsOf(s.orElse());
                declareGlobalsOf(s.finalBody());
            } else if (stmt instanceof Stmt.Match s) {
                s.cases().forEach(c -> declareGlobalsOf(c.body()));
            }
        }
    }

    private void classDef(Stmt.ClassDef def) {
        for (Expr decorator : def.decorators()) {
            expr(decorator);
        }
        for (Expr base : def.bases()) {
            expr(base);
        }
        for (Part.Keyword keyword : def.keywords()) {
            expr(keyword.value());
        }
        Scope saved = scope;
        int savedBranch = branchDepth;
        scope = newScope(Scope.Kind.CLASS, saved, def);
        branchDepth = 0;
        statements(def.body());
        scope = saved;
        branchDepth = savedBranch;
        bind(def.name(), Binding.Kind.CLASS, def.nameSpan(), null, def);
    }

    private void delete(Expr target) {
        if (target instanceof Expr.Name name) {
            Binding binding = lookup(name.id());
            if (binding == null && !isBuiltin(name.id())) {
                reportUndefined(name.id(), name.span());
                return;
            }
            if (binding != null) {
                binding.addUse(name.span());
                resolved.put(name, binding);
            }
            if (branchDepth == 0 && scope.lookupLocal(name.id()) != null) {
                scope.unbind(name.id());
            }
        } else if (target instanceof Expr.Tuple tuple) {
            tuple.elements().forEach(this::delete);
        } else if (target instanceof Expr.ListExpr list) {
            list.elements().forEach(this::delete);
        } else {
            expr(target);
        }
    }

    // ---- targets ----

    private void target(Expr target, Binding.Kind kind, Node node) {
        if (target instanceof Expr.Name name) {
            bind(name.id(), kind, name.span(), null, name);
        } else if (target instanceof Expr.Tuple tuple) {
            tuple.elements().forEach(e -> target(e, kind, node));
        } else if (target instanceof Expr.ListExpr list) {
            list.elements().forEach(e -> target(e, kind, node));
        } else if (target instanceof Expr.Starred starred) {
            target(starred.value(), kind, node);
        } else {
            expr(target); // attribute and subscript targets read their object
        }
    }

    // ---- expressions ----

    private void expr(Expr expr) {
        if (expr == null) {
            return;
        }
        if (expr instanceof Expr.Name name) {
            if (name.ctx() == Expr.Ctx.LOAD) {
                use(name.id(), name.span(), name);
            }
        } else if (expr instanceof Expr.NamedExpr named) {
            expr(named.value());
            Scope saved = scope;
            while (scope.kind() == Scope.Kind.COMPREHENSION) {
                scope = scope.parent();
            }
            bind(named.target().id(), Binding.Kind.NAMED_EXPR, named.target().span(), null, named);
            scope = saved;
        } else if (expr instanceof Expr.Lambda lambda) {
            parameterDefaultsAndAnnotations(lambda.parameters(), false);
            Scope enclosing = scope;
            int defCell = cell;
            deferred.add(() -> runFunction(enclosing, lambda, defCell, List.of(), lambda.parameters(), () -> expr(lambda.body())));
        } else if (expr instanceof Expr.Comprehension comprehension) {
            comprehension(comprehension, comprehension.generators(), List.of(comprehension.element()));
        } else if (expr instanceof Expr.DictComprehension comprehension) {
            comprehension(comprehension, comprehension.generators(), List.of(comprehension.key(), comprehension.value()));
        } else {
            for (Node child : expr.children()) {
                if (child instanceof Expr e) {
                    expr(e);
                } else if (child instanceof Part.Keyword keyword) {
                    expr(keyword.value());
                }
            }
        }
    }

    private void comprehension(Expr node, List<Part.ForClause> generators, List<Expr> elements) {
        expr(generators.get(0).iter()); // evaluated in the enclosing scope
        Scope saved = scope;
        scope = newScope(Scope.Kind.COMPREHENSION, saved, node);
        for (int i = 0; i < generators.size(); i++) {
            Part.ForClause clause = generators.get(i);
            if (i > 0) {
                expr(clause.iter());
            }
            target(clause.target(), Binding.Kind.COMPREHENSION_TARGET, clause);
            clause.conditions().forEach(this::expr);
        }
        elements.forEach(this::expr);
        scope = saved;
    }

    private void pattern(Pattern pattern) {
        if (pattern instanceof Pattern.MatchAs as) {
            if (as.pattern() != null) {
                pattern(as.pattern());
            }
            if (as.name() != null) {
                bind(as.name().name(), Binding.Kind.MATCH_CAPTURE, as.name().span(), null, as);
            }
        } else if (pattern instanceof Pattern.MatchStar star) {
            if (star.name() != null) {
                bind(star.name().name(), Binding.Kind.MATCH_CAPTURE, star.name().span(), null, star);
            }
        } else if (pattern instanceof Pattern.MatchMapping mapping) {
            mapping.keys().forEach(this::expr);
            mapping.patterns().forEach(this::pattern);
            if (mapping.rest() != null) {
                bind(mapping.rest().name(), Binding.Kind.MATCH_CAPTURE, mapping.rest().span(), null, mapping);
            }
        } else if (pattern instanceof Pattern.MatchClass cls) {
            expr(cls.cls());
            cls.patterns().forEach(this::pattern);
            cls.keywordPatterns().forEach(this::pattern);
        } else if (pattern instanceof Pattern.MatchValue value) {
            expr(value.value());
        } else if (pattern instanceof Pattern.MatchSequence sequence) {
            sequence.patterns().forEach(this::pattern);
        } else if (pattern instanceof Pattern.MatchOr or) {
            or.patterns().forEach(this::pattern);
        }
    }
}
