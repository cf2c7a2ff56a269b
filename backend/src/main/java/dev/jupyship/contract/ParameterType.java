package dev.jupyship.contract;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The types a contract parameter may have. Values are plain Java values (see {@link Values#plain}):
 * a {@code date} is an ISO {@code YYYY-MM-DD} string, because that is what papermill injects and
 * what a parameters cell can hold as a literal.
 */
public enum ParameterType {
    STR, INT, FLOAT, BOOL, DATE, LIST, DICT,
    /**
     * A versioned data snapshot in the store (docs/contract.md, "Data snapshots"): deployed with
     * {@code latest} or a version, the notebook receives the snapshot's folder (a path or a
     * {@code gs://} URI), a str.
     */
    SNAPSHOT;

    public static ParameterType parse(String name) {
        for (ParameterType type : values()) {
            if (type.label().equals(name)) {
                return type;
            }
        }
        return null;
    }

    /** The name written in contracts: {@code str}, {@code int}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name with its article, for messages: {@code an int}, {@code a str}. */
    public String withArticle() {
        return (this == INT ? "an " : "a ") + label();
    }

    /** Whether a plain value has this type; an int is a valid float, a bool is not an int. */
    public boolean accepts(Object value) {
        return switch (this) {
            case STR -> value instanceof String;
            case SNAPSHOT -> value instanceof String text && !text.isBlank();
            case INT -> value instanceof Long || value instanceof Integer;
            case FLOAT -> value instanceof Number;
            case BOOL -> value instanceof Boolean;
            case DATE -> value instanceof String text && isDate(text);
            case LIST -> value instanceof List;
            case DICT -> value instanceof Map;
        };
    }

    /** Whether a Python literal of the given type name ({@code type(x).__name__}) fits this type. */
    public boolean acceptsPython(String pythonType, Object value) {
        return switch (this) {
            case STR, SNAPSHOT -> "str".equals(pythonType);
            case INT -> "int".equals(pythonType);
            case FLOAT -> "float".equals(pythonType) || "int".equals(pythonType);
            case BOOL -> "bool".equals(pythonType);
            case DATE -> "str".equals(pythonType) && value instanceof String text && isDate(text);
            case LIST -> "list".equals(pythonType);
            case DICT -> "dict".equals(pythonType);
        };
    }

    public boolean ordered() {
        return this == INT || this == FLOAT || this == DATE;
    }

    static boolean isDate(String text) {
        try {
            LocalDate.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
