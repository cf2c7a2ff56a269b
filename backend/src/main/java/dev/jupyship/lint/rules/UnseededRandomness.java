package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.python.DottedNames;
import dev.jupyship.python.Expr;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Part;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * JS304: random numbers drawn from a generator the notebook never seeds: Python's {@code random},
 * numpy's global state (which scikit-learn uses when {@code random_state} is unset), torch,
 * TensorFlow/Keras. Each source is judged on its own; a seed anywhere in the notebook (or a helper
 * whose name says seed) counts, so notebooks that seed are not reported. One finding per source,
 * at its first use.
 */
public final class UnseededRandomness implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS304", "unseeded-randomness", Family.REPRODUCIBILITY, Severity.WARNING,
            "Randomness is used and its generator is never seeded");

    /** The generators a seed call fixes, each with what to call. */
    enum Source {
        PYTHON("Python's random module", "call random.seed(seed) once, after the parameters cell"),
        NUMPY("numpy's global random state", "call np.random.seed(seed) once, after the parameters cell"),
        TORCH("torch's generator", "call torch.manual_seed(seed) once, after the parameters cell"),
        TENSORFLOW("TensorFlow's generator", "call tf.random.set_seed(seed) (or keras.utils.set_random_seed(seed)) once, after the parameters cell");

        final String title;
        final String fix;

        Source(String title, String fix) {
            this.title = title;
            this.fix = fix;
        }
    }

    private static final Set<String> PYTHON_DRAWS = Set.of("random", "randint", "randrange", "choice", "choices", "shuffle", "sample",
            "uniform", "gauss", "normalvariate", "lognormvariate", "expovariate", "betavariate", "gammavariate", "triangular",
            "vonmisesvariate", "paretovariate", "weibullvariate", "getrandbits", "randbytes", "binomialvariate");
    /** numpy.random names that do not draw from the global state. */
    private static final Set<String> NUMPY_NOT_DRAWS = Set.of("seed", "default_rng", "RandomState", "Generator", "SeedSequence",
            "get_state", "set_state", "PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64", "BitGenerator", "bit_generator", "mtrand");
    /** scikit-learn callables whose result depends on random_state (numpy's global state when unset). */
    private static final Set<String> SKLEARN = Set.of("train_test_split", "ShuffleSplit", "StratifiedShuffleSplit",
            "GroupShuffleSplit", "RepeatedKFold", "RepeatedStratifiedKFold", "RandomForestClassifier", "RandomForestRegressor",
            "ExtraTreesClassifier", "ExtraTreesRegressor", "GradientBoostingClassifier", "GradientBoostingRegressor",
            "BaggingClassifier", "BaggingRegressor", "IsolationForest", "KMeans", "MiniBatchKMeans", "MLPClassifier",
            "MLPRegressor", "SGDClassifier", "SGDRegressor", "TSNE", "RandomizedSearchCV", "permutation_importance",
            "make_classification", "make_regression", "make_blobs", "make_moons", "make_circles");
    /** Splitters that are random only with shuffle=True. */
    private static final Set<String> SKLEARN_SHUFFLE = Set.of("KFold", "StratifiedKFold");
    private static final Set<String> TORCH_DRAWS = Set.of("torch.rand", "torch.randn", "torch.randint", "torch.randperm",
            "torch.rand_like", "torch.randn_like", "torch.randint_like", "torch.normal", "torch.bernoulli", "torch.multinomial",
            "torch.poisson", "torch.nn.Linear", "torch.nn.Conv1d", "torch.nn.Conv2d", "torch.nn.Conv3d", "torch.nn.LSTM",
            "torch.nn.GRU", "torch.nn.RNN", "torch.nn.Embedding", "torch.nn.Dropout", "torch.utils.data.random_split");
    private static final Set<String> KERAS_DRAWS = Set.of("keras.layers.Dense", "keras.layers.Conv1D", "keras.layers.Conv2D",
            "keras.layers.Conv3D", "keras.layers.LSTM", "keras.layers.GRU", "keras.layers.SimpleRNN", "keras.layers.Embedding",
            "keras.layers.Dropout");
    private static final Map<String, Set<Source>> SEEDS = Map.ofEntries(
            Map.entry("random.seed", Set.of(Source.PYTHON)),
            Map.entry("numpy.random.seed", Set.of(Source.NUMPY)),
            Map.entry("numpy.random.default_rng", Set.of(Source.NUMPY)),
            Map.entry("numpy.random.RandomState", Set.of(Source.NUMPY)),
            Map.entry("torch.manual_seed", Set.of(Source.TORCH)),
            Map.entry("torch.random.manual_seed", Set.of(Source.TORCH)),
            Map.entry("torch.cuda.manual_seed", Set.of(Source.TORCH)),
            Map.entry("torch.cuda.manual_seed_all", Set.of(Source.TORCH)),
            Map.entry("tensorflow.random.set_seed", Set.of(Source.TENSORFLOW)),
            Map.entry("tensorflow.set_random_seed", Set.of(Source.TENSORFLOW)),
            Map.entry("tensorflow.compat.v1.set_random_seed", Set.of(Source.TENSORFLOW)),
            Map.entry("tensorflow.compat.v1.random.set_random_seed", Set.of(Source.TENSORFLOW)),
            Map.entry("keras.utils.set_random_seed", Set.of(Source.PYTHON, Source.NUMPY, Source.TENSORFLOW)));

    @Override
    public RuleInfo info() {
        return INFO;
    }

    private record Use(ParsedCell cell, Expr.Call call, String fix) {
    }

    @Override
    public void check(LintContext context) {
        ModuleAnalysis python = context.python();
        Map<Source, Use> first = new EnumMap<>(Source.class);
        Map<Source, Integer> uses = new EnumMap<>(Source.class);
        Set<Source> seeded = java.util.EnumSet.noneOf(Source.class);
        for (ParsedCell cell : python.cells()) {
            context.nodes(cell).forEach(node -> {
                if (!(node instanceof Expr.Call call)) {
                    return;
                }
                String name = python.qualifiedName(call.function());
                if (name == null) {
                    return;
                }
                if (name.startsWith("tensorflow.keras.")) {
                    name = name.substring("tensorflow.".length());
                } else if (name.startsWith("tf_keras.")) {
                    name = "keras." + name.substring("tf_keras.".length());
                }
                Set<Source> seeds = seeds(name, call);
                if (seeds != null) {
                    seeded.addAll(seeds);
                    return;
                }
                Source source = null;
                String fix = null;
                int dot = name.lastIndexOf('.');
                String last = name.substring(dot + 1);
                String module = dot < 0 ? "" : name.substring(0, dot);
                if (module.equals("random") && PYTHON_DRAWS.contains(last)) {
                    source = Source.PYTHON;
                } else if (module.equals("numpy.random") && !NUMPY_NOT_DRAWS.contains(last)) {
                    source = Source.NUMPY;
                } else if ((name.equals("numpy.random.default_rng") || name.equals("numpy.random.RandomState")) && !hasSeedArgument(call)) {
                    source = Source.NUMPY;
                    fix = "pass the seed: np.random." + last + "(seed)";
                } else if (name.startsWith("sklearn.") && isRandomSklearnCall(last, call)) {
                    source = Source.NUMPY;
                    fix = "pass random_state=seed (or call np.random.seed(seed) once, after the parameters cell)";
                } else if (TORCH_DRAWS.contains(name) || name.startsWith("torch.nn.init.")
                        || (name.equals("torch.utils.data.DataLoader") && isTrue(keyword(call, "shuffle")) && keyword(call, "generator") == null)) {
                    source = Source.TORCH;
                } else if ((name.startsWith("tensorflow.random.") && !name.endsWith("set_seed") && !name.contains("Generator")
                        && !name.contains("experimental")) || KERAS_DRAWS.contains(name)) {
                    source = Source.TENSORFLOW;
                }
                if (source != null) {
                    uses.merge(source, 1, Integer::sum);
                    first.putIfAbsent(source, new Use(cell, call, fix == null ? source.fix : fix));
                }
            });
        }
        for (Map.Entry<Source, Use> entry : first.entrySet()) {
            if (seeded.contains(entry.getKey())) {
                continue;
            }
            Use use = entry.getValue();
            int count = uses.get(entry.getKey());
            context.report(use.cell(), use.call().function().span(), "'" + DottedNames.of(use.call().function()) + "' uses "
                    + entry.getKey().title + ", which the notebook never seeds: each run and each backfill gives other results"
                    + (count > 1 ? " (" + count + " uses in the notebook)" : "") + "; " + use.fix());
        }
    }

    /** The sources a call seeds, or null when it is not a seed call. */
    private static Set<Source> seeds(String name, Expr.Call call) {
        Set<Source> known = SEEDS.get(name);
        if (known != null) {
            return hasSeedArgument(call) ? known : null;
        }
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        // seed_everything(42), set_seed(42), fix_seeds(): helpers that seed every generator
        return last.contains("seed") && !name.startsWith("random.") && !name.startsWith("numpy.") ? Set.of(Source.values()) : null;
    }

    private static boolean hasSeedArgument(Expr.Call call) {
        if (!call.arguments().isEmpty()) {
            return !(call.arguments().get(0) instanceof Expr.NamedConstant constant && constant.kind() == Expr.NamedConstant.Kind.NONE);
        }
        return call.keywords().stream().anyMatch(k -> k.name() == null || !isNone(k.value()));
    }

    private static boolean isRandomSklearnCall(String name, Expr.Call call) {
        boolean random = SKLEARN.contains(name) || (SKLEARN_SHUFFLE.contains(name) && isTrue(keyword(call, "shuffle")));
        if (!random || (name.equals("train_test_split") && keyword(call, "shuffle") != null && !isTrue(keyword(call, "shuffle")))) {
            return false;
        }
        if (call.keywords().stream().anyMatch(k -> k.name() == null)) {
            return false; // **params may hold random_state
        }
        Expr state = keyword(call, "random_state");
        return state == null || isNone(state);
    }

    private static Expr keyword(Expr.Call call, String name) {
        for (Part.Keyword keyword : call.keywords()) {
            if (name.equals(keyword.name())) {
                return keyword.value();
            }
        }
        return null;
    }

    private static boolean isTrue(Expr expr) {
        return expr instanceof Expr.NamedConstant constant && constant.kind() == Expr.NamedConstant.Kind.TRUE;
    }

    private static boolean isNone(Expr expr) {
        return expr instanceof Expr.NamedConstant constant && constant.kind() == Expr.NamedConstant.Kind.NONE;
    }
}
