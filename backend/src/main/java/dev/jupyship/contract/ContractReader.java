package dev.jupyship.contract;

import dev.jupyship.notebook.Json;
import dev.jupyship.notebook.Notebook;
import dev.jupyship.notebook.Outputs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code metadata.jupyship.contract} into a {@link Contract}, refusing anything it does not
 * understand with a {@link ContractFormatException} that names the field: a misspelt key would
 * otherwise silently switch a check off.
 */
public final class ContractReader {

    static final String ROOT = "contract";
    private static final Set<String> CONTRACT_KEYS = Set.of("parameters", "outputs", "test_parameters", "time_limit_seconds");
    private static final Set<String> PARAMETER_KEYS = Set.of("type", "default", "required", "allowed", "min", "max", "description", "root",
            "validate");
    private static final Set<String> VALIDATE_KEYS = Set.of("columns", "max_null_fraction", "max_mean_change");
    private static final Set<String> OUTPUT_KEYS = Set.of("files", "model", "metrics");
    private static final Set<String> MODEL_KEYS = Set.of("path", "loader", "method", "sample_input", "name", "input", "output");
    private static final Set<String> METRICS_KEYS = Set.of("file", "keys");
    private static final Set<String> BOUND_KEYS = Set.of("min", "max", "better", "max_regression");

    private ContractReader() {
    }

    /** The notebook's contract, or empty when it declares none. */
    public static Optional<Contract> read(Notebook notebook) {
        Object raw = Json.path(notebook.metadata(), "jupyship", "contract");
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.of(parse(Values.plain(raw)));
    }

    /** Reads a contract given as plain values (the notebook model's, or Jackson's). */
    public static Contract parse(Object raw) {
        Map<String, Object> contract = object(Values.plain(raw), ROOT, CONTRACT_KEYS);
        Map<String, Contract.Parameter> parameters = new LinkedHashMap<>();
        Map<String, Object> rawParameters = object(contract.getOrDefault("parameters", Map.of()), ROOT + ".parameters", null);
        for (Map.Entry<String, Object> entry : rawParameters.entrySet()) {
            parameters.put(entry.getKey(), parameter(entry.getKey(), entry.getValue()));
        }
        Contract.Outputs outputs = outputs(contract.getOrDefault("outputs", Map.of()));
        if (!outputs.isEmpty()) {
            Contract.Parameter outputDir = parameters.get(Contract.OUTPUT_DIR);
            if (outputDir == null || outputDir.type() != ParameterType.STR) {
                throw new ContractFormatException(ROOT + ".parameters", "declare an '" + Contract.OUTPUT_DIR
                        + "' parameter of type str: outputs are written under the folder the platform passes in it");
            }
        }
        Map<String, Object> testParameters = new LinkedHashMap<>(object(contract.getOrDefault("test_parameters", Map.of()),
                ROOT + ".test_parameters", null));
        for (Map.Entry<String, Object> entry : testParameters.entrySet()) {
            String field = ROOT + ".test_parameters." + entry.getKey();
            Contract.Parameter parameter = parameters.get(entry.getKey());
            if (parameter == null) {
                throw new ContractFormatException(field, "not a parameter of the contract (declared: " + parameters.keySet() + ")");
            }
            String problem = parameter.problem(entry.getValue());
            if (problem != null) {
                throw new ContractFormatException(field, problem);
            }
        }
        for (Contract.Parameter parameter : parameters.values()) {
            if (parameter.required() && !parameter.name().equals(Contract.OUTPUT_DIR) && !testParameters.containsKey(parameter.name())) {
                throw new ContractFormatException(ROOT + ".test_parameters", "the required parameter '" + parameter.name()
                        + "' needs a test value");
            }
        }
        int timeLimit = Contract.DEFAULT_TIME_LIMIT_SECONDS;
        Object rawLimit = contract.get("time_limit_seconds");
        if (rawLimit != null) {
            if (!(rawLimit instanceof Long seconds) || seconds < 1 || seconds > 86_400) {
                throw new ContractFormatException(ROOT + ".time_limit_seconds", "expected a whole number of seconds from 1 to 86400, not "
                        + Values.show(rawLimit));
            }
            timeLimit = (int) (long) seconds;
        }
        return new Contract(parameters, outputs, testParameters, timeLimit);
    }

    private static Contract.Parameter parameter(String name, Object raw) {
        String field = ROOT + ".parameters." + name;
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new ContractFormatException(field, "'" + name + "' is not a Python variable name");
        }
        Map<String, Object> spec = object(raw, field, PARAMETER_KEYS);
        Object rawType = spec.get("type");
        ParameterType type = rawType instanceof String text ? ParameterType.parse(text) : null;
        if (type == null) {
            throw new ContractFormatException(field + ".type", (rawType == null ? "missing" : Values.show(rawType) + " is not a type")
                    + "; expected one of str, int, float, bool, date, list, dict, snapshot");
        }
        boolean required = bool(spec.get("required"), field + ".required", false);
        List<Object> allowed = spec.containsKey("allowed") ? list(spec.get("allowed"), field + ".allowed") : List.of();
        for (int i = 0; i < allowed.size(); i++) {
            if (!type.accepts(allowed.get(i))) {
                throw new ContractFormatException(field + ".allowed[" + i + "]", Values.show(allowed.get(i)) + " is not " + type.withArticle());
            }
        }
        Object min = bound(spec, "min", field, type);
        Object max = bound(spec, "max", field, type);
        Contract.Parameter parameter = new Contract.Parameter(name, type, spec.containsKey("default"), spec.get("default"),
                required, allowed, min, max, snapshotRoot(spec, field, type), snapshotChecks(spec, field, type));
        if (parameter.hasDefault()) {
            String problem = parameter.problem(parameter.defaultValue());
            if (problem != null) {
                throw new ContractFormatException(field + ".default", problem);
            }
        }
        return parameter;
    }

    /** A snapshot parameter's store prefix: required for that type, refused for the others. */
    private static String snapshotRoot(Map<String, Object> spec, String field, ParameterType type) {
        Object root = spec.get("root");
        if (type != ParameterType.SNAPSHOT) {
            if (root != null) {
                throw new ContractFormatException(field + ".root", "only snapshot parameters have a root");
            }
            return null;
        }
        if (!(root instanceof String text) || text.isBlank()) {
            throw new ContractFormatException(field + ".root", (root == null ? "missing" : Values.show(root) + " is not a str")
                    + "; a snapshot parameter names the store folder of its snapshots, e.g. \"datasets/churn\"");
        }
        String trimmed = text.strip().replaceAll("/+$", "");
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw new ContractFormatException(field + ".root", Values.show(text)
                        + " is not a folder of the store: /-separated names, no empty, . or .. part, not absolute");
            }
        }
        return trimmed;
    }

    /** A snapshot parameter's validation: refused for the other types. */
    private static Contract.SnapshotChecks snapshotChecks(Map<String, Object> spec, String field, ParameterType type) {
        Object raw = spec.get("validate");
        if (raw == null) {
            return null;
        }
        String where = field + ".validate";
        if (type != ParameterType.SNAPSHOT) {
            throw new ContractFormatException(where, "only snapshot parameters are validated");
        }
        Map<String, Object> validate = object(raw, where, VALIDATE_KEYS);
        List<String> columns = new java.util.ArrayList<>();
        if (validate.containsKey("columns")) {
            List<Object> listed = list(validate.get("columns"), where + ".columns");
            for (int i = 0; i < listed.size(); i++) {
                if (!(listed.get(i) instanceof String name) || name.isBlank()) {
                    throw new ContractFormatException(where + ".columns[" + i + "]", Values.show(listed.get(i)) + " is not a column name");
                }
                columns.add(name);
            }
        }
        Double nulls = validate.containsKey("max_null_fraction") ? fraction(validate.get("max_null_fraction"), where + ".max_null_fraction") : null;
        Map<String, Double> meanChange = new java.util.LinkedHashMap<>();
        if (validate.containsKey("max_mean_change")) {
            Object changes = validate.get("max_mean_change");
            if (!(changes instanceof Map<?, ?> byColumn)) {
                throw new ContractFormatException(where + ".max_mean_change", Values.show(changes)
                        + " is not an object of column: largest relative change, e.g. {\"monthly_charges\": 0.2}");
            }
            for (Map.Entry<?, ?> entry : byColumn.entrySet()) {
                meanChange.put(String.valueOf(entry.getKey()), fraction(entry.getValue(), where + ".max_mean_change." + entry.getKey()));
            }
        }
        return new Contract.SnapshotChecks(List.copyOf(columns), nulls, java.util.Collections.unmodifiableMap(meanChange));
    }

    private static double fraction(Object value, String field) {
        if (!(value instanceof Number number) || !(number.doubleValue() >= 0)) {
            throw new ContractFormatException(field, Values.show(value) + " is not a number >= 0 (0.2 is 20%)");
        }
        return number.doubleValue();
    }

    private static Object bound(Map<String, Object> spec, String key, String field, ParameterType type) {
        Object value = spec.get(key);
        if (value == null) {
            return null;
        }
        if (!type.ordered()) {
            throw new ContractFormatException(field + "." + key, "only int, float and date parameters have bounds");
        }
        boolean fits = type == ParameterType.DATE ? type.accepts(value) : value instanceof Number;
        if (!fits) {
            throw new ContractFormatException(field + "." + key, Values.show(value) + " is not a "
                    + (type == ParameterType.DATE ? "date (YYYY-MM-DD)" : "number"));
        }
        return value;
    }

    private static Contract.Outputs outputs(Object raw) {
        String field = ROOT + ".outputs";
        Map<String, Object> outputs = object(raw, field, OUTPUT_KEYS);
        List<String> files = new ArrayList<>();
        if (outputs.containsKey("files")) {
            List<Object> patterns = list(outputs.get("files"), field + ".files");
            for (int i = 0; i < patterns.size(); i++) {
                files.add(relativePath(patterns.get(i), field + ".files[" + i + "]"));
            }
        }
        Contract.Model model = null;
        if (outputs.get("model") != null) {
            Map<String, Object> spec = object(outputs.get("model"), field + ".model", MODEL_KEYS);
            String path = relativePath(spec.get("path"), field + ".model.path");
            Object loader = spec.getOrDefault("loader", "cloudpickle");
            if (!"cloudpickle".equals(loader)) {
                throw new ContractFormatException(field + ".model.loader", Values.show(loader) + " is not a known loader; expected \"cloudpickle\"");
            }
            Object method = spec.get("method");
            if (method != null && !(method instanceof String name && name.matches("[A-Za-z_][A-Za-z0-9_]*"))) {
                throw new ContractFormatException(field + ".model.method", Values.show(method) + " is not a method name");
            }
            if (spec.containsKey("sample_input") && method == null) {
                throw new ContractFormatException(field + ".model.sample_input", "a sample input needs a method to call it with");
            }
            Object name = spec.getOrDefault("name", Contract.Model.DEFAULT_NAME);
            if (!(name instanceof String text && Contract.Model.isName(text))) {
                throw new ContractFormatException(field + ".model.name", Values.show(name)
                        + " is not a model name: letters, digits, '_', '-' and '.', starting with a letter, digit or '_' (at most 100)");
            }
            Map<String, String> input = modelInput(spec.get("input"), field + ".model.input");
            Object output = spec.get("output");
            if (output != null && !Contract.Model.OUTPUT_TYPES.contains(output)) {
                throw new ContractFormatException(field + ".model.output", Values.show(output) + " is not the type of one prediction; expected one of "
                        + String.join(", ", Contract.Model.OUTPUT_TYPES));
            }
            if ((input != null || output != null) && method == null) {
                throw new ContractFormatException(field + ".model", "an input or output needs a method to call the model with");
            }
            if (input != null && spec.containsKey("sample_input")) {
                sampleRows(spec.get("sample_input"), input, field + ".model.sample_input");
            }
            model = new Contract.Model(path, "cloudpickle", (String) method, spec.get("sample_input"), (String) name, input, (String) output);
        }
        Contract.Metrics metrics = null;
        if (outputs.get("metrics") != null) {
            Map<String, Object> spec = object(outputs.get("metrics"), field + ".metrics", METRICS_KEYS);
            String file = spec.containsKey("file") ? relativePath(spec.get("file"), field + ".metrics.file") : Contract.Metrics.DEFAULT_FILE;
            Map<String, Contract.Bound> keys = new LinkedHashMap<>();
            Object rawKeys = spec.getOrDefault("keys", Map.of());
            if (rawKeys instanceof List<?> names) {
                for (int i = 0; i < names.size(); i++) {
                    if (!(names.get(i) instanceof String name)) {
                        throw new ContractFormatException(field + ".metrics.keys[" + i + "]", "expected a key name");
                    }
                    keys.put(name, new Contract.Bound(null, null));
                }
            } else {
                for (Map.Entry<String, Object> key : object(rawKeys, field + ".metrics.keys", null).entrySet()) {
                    String keyField = field + ".metrics.keys." + key.getKey();
                    Map<String, Object> bound = object(key.getValue() == null ? Map.of() : key.getValue(), keyField, BOUND_KEYS);
                    keys.put(key.getKey(), bound(bound, keyField));
                }
            }
            metrics = new Contract.Metrics(file, keys);
        }
        return new Contract.Outputs(List.copyOf(files), model, metrics);
    }

    /** The model's input columns, each with its type; null when not declared. */
    private static Map<String, String> modelInput(Object raw, String field) {
        if (raw == null) {
            return null;
        }
        Map<String, Object> columns = object(raw, field, null);
        if (columns.isEmpty()) {
            throw new ContractFormatException(field, "no columns; give each column's type, e.g. {\"tenure_months\": \"int\", \"plan\": \"str\"}");
        }
        Map<String, String> input = new LinkedHashMap<>();
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            if (!Contract.Model.COLUMN_TYPES.contains(column.getValue())) {
                throw new ContractFormatException(field + "." + column.getKey(), Values.show(column.getValue()) + " is not a column type; expected one of "
                        + String.join(", ", Contract.Model.COLUMN_TYPES));
            }
            input.put(column.getKey(), (String) column.getValue());
        }
        return java.util.Collections.unmodifiableMap(input);
    }

    /** With declared input columns, the sample input is rows of exactly those columns, of their types (what serving accepts). */
    private static void sampleRows(Object sample, Map<String, String> input, String field) {
        List<Object> rows = list(sample, field);
        if (rows.isEmpty()) {
            throw new ContractFormatException(field, "no rows; give at least one row the model must answer");
        }
        for (int i = 0; i < rows.size(); i++) {
            String where = field + "[" + i + "]";
            Map<String, Object> row = object(rows.get(i), where, null);
            for (String column : row.keySet()) {
                if (!input.containsKey(column)) {
                    throw new ContractFormatException(where + "." + column, "not a column of the model's input (" + String.join(", ", input.keySet()) + ")");
                }
            }
            for (Map.Entry<String, String> column : input.entrySet()) {
                if (!row.containsKey(column.getKey())) {
                    throw new ContractFormatException(where, "missing the column '" + column.getKey() + "'");
                }
                Object value = row.get(column.getKey());
                if (!fits(value, column.getValue())) {
                    throw new ContractFormatException(where + "." + column.getKey(), Values.show(value) + " is not " + typeWithArticle(column.getValue()));
                }
            }
        }
    }

    /** The same rule as serving's (image/jupyship_serving/interface.py): an int is a whole number, a float any finite one, never a bool. */
    private static boolean fits(Object value, String type) {
        return switch (type) {
            case "bool" -> value instanceof Boolean;
            case "int" -> value instanceof Long || value instanceof Integer || value instanceof java.math.BigInteger
                    || value instanceof Double d && Double.isFinite(d) && d == Math.rint(d);
            case "float" -> value instanceof Number n && !(value instanceof Boolean) && Double.isFinite(n.doubleValue());
            case "str" -> value instanceof String;
            default -> true;
        };
    }

    private static String typeWithArticle(String type) {
        return switch (type) {
            case "int" -> "an int";
            case "float" -> "a finite float";
            case "bool" -> "a bool";
            default -> "a str";
        };
    }

    private static Contract.Bound bound(Map<String, Object> bound, String field) {
        Double min = number(bound.get("min"), field + ".min");
        Double max = number(bound.get("max"), field + ".max");
        if (min != null && max != null && min > max) {
            throw new ContractFormatException(field, "the minimum " + Values.show(bound.get("min")) + " is above the maximum "
                    + Values.show(bound.get("max")));
        }
        Object rawBetter = bound.get("better");
        Contract.Better better = null;
        if (rawBetter != null) {
            better = "higher".equals(rawBetter) ? Contract.Better.HIGHER : "lower".equals(rawBetter) ? Contract.Better.LOWER : null;
            if (better == null) {
                throw new ContractFormatException(field + ".better", Values.show(rawBetter) + " is not a direction; expected \"higher\" or \"lower\"");
            }
        }
        Double maxRegression = number(bound.get("max_regression"), field + ".max_regression");
        if (maxRegression != null) {
            if (!Double.isFinite(maxRegression) || maxRegression < 0) {
                throw new ContractFormatException(field + ".max_regression", "expected a number >= 0 (how much worse than the champion a "
                        + "candidate may be), not " + Values.show(bound.get("max_regression")));
            }
            if (better == null) {
                throw new ContractFormatException(field + ".max_regression", "needs \"better\" (\"higher\" or \"lower\"): "
                        + "a regression is measured in the direction that is worse");
            }
        }
        return new Contract.Bound(min, max, better, maxRegression);
    }

    private static String relativePath(Object value, String field) {
        if (!(value instanceof String path) || path.isBlank()) {
            throw new ContractFormatException(field, "expected a path relative to output_dir");
        }
        if (path.startsWith("/") || path.equals("..") || path.startsWith("../") || path.contains("/../") || path.endsWith("/..")) {
            throw new ContractFormatException(field, "'" + path + "' leaves output_dir; give a path inside it");
        }
        return path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value, String field, Set<String> known) {
        if (!(value instanceof Map)) {
            throw new ContractFormatException(field, "expected an object, not " + describe(value));
        }
        Map<String, Object> map = (Map<String, Object>) value;
        if (known != null) {
            for (String key : map.keySet()) {
                if (!known.contains(key)) {
                    throw new ContractFormatException(field + "." + key, "unknown field; expected one of " + known.stream().sorted().toList());
                }
            }
        }
        return map;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value, String field) {
        if (!(value instanceof List)) {
            throw new ContractFormatException(field, "expected a list, not " + describe(value));
        }
        return (List<Object>) value;
    }

    private static boolean bool(Object value, String field, boolean fallback) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw new ContractFormatException(field, "expected true or false, not " + Values.show(value));
        }
        return b;
    }

    private static Double number(Object value, String field) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Number n)) {
            throw new ContractFormatException(field, "expected a number, not " + Values.show(value));
        }
        return n.doubleValue();
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof List) {
            return "a list";
        }
        if (value instanceof Map) {
            return "an object";
        }
        return Values.show(value);
    }
}
