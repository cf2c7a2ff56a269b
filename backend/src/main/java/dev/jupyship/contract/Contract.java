package dev.jupyship.contract;

import dev.jupyship.notebook.Outputs;
import java.util.List;
import java.util.Map;

/**
 * A notebook's interface as declared in {@code metadata.jupyship.contract} (see docs/contract.md):
 * the parameters a scheduler may inject, the outputs the run must leave in {@code output_dir}, the
 * small configuration the interface test runs with, and its time limit. Read it with
 * {@link ContractReader}.
 *
 * @param parameters       by name, in the order written
 * @param outputs          what a run must produce, relative to the {@code output_dir} parameter
 * @param testParameters   values the executed test injects (plain values), besides {@code output_dir}
 * @param timeLimitSeconds the whole test run's limit, kernel start included
 */
public record Contract(Map<String, Parameter> parameters, Outputs outputs, Map<String, Object> testParameters,
                       int timeLimitSeconds) {

    /** The parameter through which the platform tells the notebook where to write its outputs. */
    public static final String OUTPUT_DIR = "output_dir";
    public static final int DEFAULT_TIME_LIMIT_SECONDS = 600;

    /**
     * One parameter.
     *
     * @param defaultValue the default the parameters cell must hold, when the contract gives one
     * @param required     the scheduler must pass it (so the test parameters must too)
     * @param allowed      the only values it may take, or empty
     * @param min          lower bound (a number, or an ISO date for dates), or null
     * @param max          upper bound, or null
     * @param snapshotRoot  for a {@code snapshot} parameter, the store prefix whose {@code snapshots/<version>/} folders it names
     * @param snapshotChecks for a {@code snapshot} parameter, what its snapshot must pass before a run reads it, or null
     */
    public record Parameter(String name, ParameterType type, boolean hasDefault, Object defaultValue, boolean required,
                            List<Object> allowed, Object min, Object max, String snapshotRoot, SnapshotChecks snapshotChecks) {

        public Parameter(String name, ParameterType type, boolean hasDefault, Object defaultValue, boolean required,
                         List<Object> allowed, Object min, Object max) {
            this(name, type, hasDefault, defaultValue, required, allowed, min, max, null, null);
        }

        /** Why a plain value does not fit this parameter, or null when it does. */
        public String problem(Object value) {
            if (!type.accepts(value)) {
                return Values.show(value) + " is not " + type.withArticle()
                        + (type == ParameterType.DATE ? " (an ISO date string, YYYY-MM-DD)" : "");
            }
            if (!allowed.isEmpty() && allowed.stream().noneMatch(a -> Values.same(a, value))) {
                return Values.show(value) + " is not one of the allowed values " + allowed.stream().map(Values::show).toList();
            }
            if (min != null && compare(value, min) < 0) {
                return Values.show(value) + " is below the minimum " + Values.show(min);
            }
            if (max != null && compare(value, max) > 0) {
                return Values.show(value) + " is above the maximum " + Values.show(max);
            }
            return null;
        }

        private static int compare(Object value, Object bound) {
            if (value instanceof Number a && bound instanceof Number b) {
                return Double.compare(a.doubleValue(), b.doubleValue());
            }
            return String.valueOf(value).compareTo(String.valueOf(bound));
        }
    }

    /**
     * A snapshot's validation, checked against the profile its {@code _snapshot.json} records (the
     * write-snapshot snippet writes it) before a run reads it.
     *
     * @param columns        columns it must have
     * @param maxNullFraction the largest share of empty values any column may have, or null
     * @param maxMeanChange  per numeric column, the largest relative change of its mean against the previous version
     */
    public record SnapshotChecks(List<String> columns, Double maxNullFraction, Map<String, Double> maxMeanChange) {
    }

    /**
     * @param files   glob patterns (relative to {@code output_dir}) each of which must match a file
     * @param model   the model file, or null
     * @param metrics the metrics file, or null
     */
    public record Outputs(List<String> files, Model model, Metrics metrics) {
        public boolean isEmpty() {
            return files.isEmpty() && model == null && metrics == null;
        }
    }

    /**
     * @param path        relative to {@code output_dir}
     * @param loader      how to load it; {@code cloudpickle} is the one loader so far
     * @param method      a method the loaded object must have, e.g. {@code predict}, or null
     * @param sampleInput a JSON value to call the method with, or null
     * @param name        the model's name ({@link #DEFAULT_NAME} unless given): a notebook has one champion per model name
     * @param input       the columns of one row (a row is a JSON object: their order does not matter, and nbformat sorts them), each with its type ({@code int}, {@code float}, {@code str},
     *                    {@code bool}); null: a row is any JSON value
     * @param output      the type of one prediction ({@code int}, {@code float}, {@code str}, {@code bool}, {@code list}),
     *                    or null for any JSON value
     */
    public record Model(String path, String loader, String method, Object sampleInput, String name, Map<String, String> input,
                        String output) {
        public static final String DEFAULT_NAME = "model";
        /** The types a row's column may have. */
        public static final List<String> COLUMN_TYPES = List.of("int", "float", "str", "bool");
        /** The types one prediction may have. */
        public static final List<String> OUTPUT_TYPES = List.of("int", "float", "str", "bool", "list");

        public Model(String path, String loader, String method, Object sampleInput, String name) {
            this(path, loader, method, sampleInput, name, null, null);
        }

        /** Whether the text can name a model: it is a folder of the champion's key in the store. */
        public static boolean isName(String text) {
            return text != null && text.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}");
        }
    }

    /**
     * @param file the JSON file, relative to {@code output_dir} ({@code metrics.json} by default)
     * @param keys required keys, each with optional numeric bounds
     */
    public record Metrics(String file, Map<String, Bound> keys) {
        public static final String DEFAULT_FILE = "metrics.json";
    }

    /**
     * What a metric key may hold.
     *
     * @param min           absolute lower bound, or null
     * @param max           absolute upper bound, or null
     * @param better        which way is better, for the promotion gate's comparison with the champion; null: not compared
     * @param maxRegression how much worse than the champion's value a candidate may be and still be promoted (needs
     *                      {@code better}); null: any worse value is refused
     */
    public record Bound(Double min, Double max, Better better, Double maxRegression) {

        /** A key with absolute bounds only. */
        public Bound(Double min, Double max) {
            this(min, max, null, null);
        }
    }

    /** Which way a metric improves. */
    public enum Better {
        HIGHER, LOWER;

        /** How the contract writes it: {@code higher}, {@code lower}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
