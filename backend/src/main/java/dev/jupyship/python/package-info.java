/**
 * A Python 3.12 tokenizer, parser and pyflakes-style scope analysis for notebook lint, in plain
 * Java: no native code, no regular expressions as parsing.
 *
 * <ul>
 *   <li>{@link dev.jupyship.python.IPythonMasking}: hides magics, shell escapes and help lines,
 *       keeping every offset; what it hid is reported as {@link dev.jupyship.python.MaskedLine}s.
 *   <li>{@link dev.jupyship.python.PythonTokenizer}, {@link dev.jupyship.python.PythonParser}:
 *       tokens and a typed tree ({@link dev.jupyship.python.Stmt}, {@link dev.jupyship.python.Expr},
 *       {@link dev.jupyship.python.Pattern}, {@link dev.jupyship.python.Part}); broken statements
 *       become {@link dev.jupyship.python.Stmt.ErrorStmt}.
 *   <li>{@link dev.jupyship.python.ParsedCell}: one cell, masked and parsed.
 *   <li>{@link dev.jupyship.python.ModuleAnalysis}: scopes, bindings, F401/F821, qualified names.
 *   <li>{@link dev.jupyship.python.AstVisitor}, {@link dev.jupyship.python.DottedNames},
 *       {@link dev.jupyship.python.Literals}: what rules use to walk and ask.
 * </ul>
 *
 * <pre>{@code
 * ModuleAnalysis analysis = ModuleAnalysis.analyzeNotebook(Notebook.read(path));
 * for (NameUse name : analysis.undefinedNames()) report(name.cell(), name.span(), "undefined name " + name.name());
 * for (Binding imp : analysis.unusedImports()) report(imp.cell(), imp.span(), imp.qualifiedName() + " imported but unused");
 * for (ParsedCell cell : analysis.cells()) {
 *     cell.maskedLines().stream().filter(m -> m.kind() == MaskedLine.Kind.SHELL && m.command().startsWith("pip install"))
 *             .forEach(m -> report(cell.index(), m.span(), "unpinned pip install"));
 *     cell.body().stream().flatMap(Node::stream).filter(Expr.Call.class::isInstance).map(Expr.Call.class::cast)
 *             .filter(call -> "pickle.dump".equals(analysis.qualifiedName(call)))
 *             .forEach(call -> report(cell.index(), call.span(), "pickle.dump"));
 * }
 * }</pre>
 */
package dev.jupyship.python;
