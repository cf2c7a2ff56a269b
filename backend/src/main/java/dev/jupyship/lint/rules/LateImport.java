package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.rules.support.ParametersCells;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.Literals;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Stmt;
import java.util.List;
import java.util.Set;

/**
 * JS502: module-level imports in cells after the notebook's first working cell. The setup at the
 * top (imports, parameters, docstrings, magics, and the usual one-line settings: seeds, warnings
 * filters, display options, plot styles, {@code sys.path}) is where a reader, and the person who
 * builds the batch image, looks for the notebook's dependencies. Imports inside functions are fine.
 */
public final class LateImport implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS502", "late-import", Family.HYGIENE, Severity.INFO,
            "An import comes after the notebook's first working cell");

    /** The last part of a call's name that marks a setting, not work: np.random.seed, pd.set_option, sns.set_theme, ... */
    private static final Set<String> SETTING_CALLS = Set.of("seed", "manual_seed", "set_seed", "set_random_seed", "manual_seed_all",
            "set_option", "set_printoptions", "filterwarnings", "simplefilter", "basicConfig", "set_theme", "set_style",
            "set_context", "set_palette", "set_color_codes", "init_notebook_mode", "load_dotenv", "disable_warnings",
            "set_verbosity", "enable_eager_execution", "set_log_level", "setLevel", "initjs");
    /** Whole names of setting calls whose last part alone says too little. */
    private static final Set<String> SETTING_NAMES = Set.of("sys.path.append", "sys.path.insert", "sys.path.extend",
            "matplotlib.use", "matplotlib.pyplot.style.use", "matplotlib.style.use", "seaborn.set", "plotly.offline.init_notebook_mode",
            "os.chdir", "tqdm.pandas", "tqdm.tqdm.pandas", "tqdm.auto.tqdm.pandas", "tqdm.notebook.tqdm.pandas");
    /** Objects whose items and attributes are settings: plt.rcParams[...] = ..., pd.options.display.x = ..., os.environ[...] = ... */
    private static final Set<String> SETTING_OBJECTS = Set.of("rcParams", "options", "environ");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        ParsedCell firstWork = null;
        for (ParsedCell cell : python.cells()) {
            if (firstWork == null) {
                if (!isSetupCell(python, context.cell(cell), cell)) {
                    firstWork = cell;
                }
                continue;
            }
            reportImports(context, cell, cell.body(), firstWork);
        }
    }

    private static void reportImports(LintContext context, ParsedCell cell, List<Stmt> body, ParsedCell firstWork) {
        for (Stmt stmt : body) {
            if (stmt instanceof Stmt.Import || stmt instanceof Stmt.ImportFrom) {
                context.report(cell, stmt.span(), String.format("import after the notebook's first working cell (cell %d): "
                        + "move it up to the imports at the top, so the batch's dependencies are in one place and a missing "
                        + "package fails the run at its start, not halfway", firstWork.index() + 1));
            } else if (stmt instanceof Stmt.If s) {
                reportImports(context, cell, s.body(), firstWork);
                reportImports(context, cell, s.orElse(), firstWork);
            } else if (stmt instanceof Stmt.Try s) {
                reportImports(context, cell, s.body(), firstWork);
                s.handlers().forEach(handler -> reportImports(context, cell, handler.body(), firstWork));
                reportImports(context, cell, s.orElse(), firstWork);
                reportImports(context, cell, s.finalBody(), firstWork);
            } else if (stmt instanceof Stmt.With s) {
                reportImports(context, cell, s.body(), firstWork);
            }
            // loops and functions: an import there is deliberate (lazy, or per item); classes are rare enough
        }
    }

    /** A cell of the notebook's setup: the parameters cell, or only imports, magics, docstrings, literal assignments and settings. */
    static boolean isSetupCell(ModuleAnalysis python, Cell cell, ParsedCell parsed) {
        if (cell.tags().contains(ParametersCells.TAG)) {
            return true;
        }
        return parsed.body().stream().allMatch(stmt -> isSetup(python, parsed, stmt));
    }

    private static boolean isSetup(ModuleAnalysis python, ParsedCell cell, Stmt stmt) {
        if (stmt instanceof Stmt.Import || stmt instanceof Stmt.ImportFrom || stmt instanceof Stmt.Pass
                || stmt instanceof Stmt.Assert) { // assert sys.version_info >= (3, 8): a check of the environment
            return true;
        }
        if (stmt instanceof Stmt.ExprStmt expr) {
            return expr.value() instanceof Expr.StringLiteral // a docstring
                    || ParametersCells.hasMaskedIPython(cell, stmt) // a magic or shell escape
                    || (expr.value() instanceof Expr.Call call && isSettingCall(python, call));
        }
        if (stmt instanceof Stmt.Assign assign) {
            return Literals.isLiteral(assign.value()) && assign.targets().stream().allMatch(Expr.Name.class::isInstance)
                    || assign.targets().stream().allMatch(LateImport::isSettingTarget);
        }
        if (stmt instanceof Stmt.AnnAssign ann) {
            return ann.value() != null && Literals.isLiteral(ann.value()) && ann.target() instanceof Expr.Name;
        }
        if (stmt instanceof Stmt.Try t) { // try: import x / except ImportError: ...
            return t.body().stream().allMatch(s -> isSetup(python, cell, s));
        }
        if (stmt instanceof Stmt.If i) { // if IN_COLAB: !pip install ...
            return i.body().stream().allMatch(s -> isSetup(python, cell, s)) && i.orElse().stream().allMatch(s -> isSetup(python, cell, s));
        }
        return false;
    }

    private static boolean isSettingCall(ModuleAnalysis python, Expr.Call call) {
        String qualified = python.qualifiedName(call.function());
        if (qualified == null) {
            return false;
        }
        return SETTING_NAMES.contains(qualified) || SETTING_CALLS.contains(qualified.substring(qualified.lastIndexOf('.') + 1))
                && qualified.contains(".");
    }

    /** plt.rcParams["figure.figsize"] = ..., pd.options.display.max_rows = ..., os.environ["X"] = ... */
    private static boolean isSettingTarget(Expr target) {
        Expr base = target instanceof Expr.Subscript subscript ? subscript.value() : target;
        String dotted = DottedNames.of(base);
        if (dotted == null || !(target instanceof Expr.Subscript || target instanceof Expr.Attribute)) {
            return false;
        }
        for (String part : dotted.split("\\.")) {
            if (SETTING_OBJECTS.contains(part)) {
                return true;
            }
        }
        return false;
    }
}
