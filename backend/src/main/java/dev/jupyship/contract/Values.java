package dev.jupyship.contract;

import dev.jupyship.notebook.JsonNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain Java values for contract data, whichever JSON reader they came from: {@code String},
 * {@code Boolean}, {@code Long}, {@code Double}, {@code List}, {@code Map} and null.
 */
public final class Values {

    private Values() {
    }

    /** Converts notebook-model values ({@link JsonNumber}) and Jackson's numbers to plain values. */
    public static Object plain(Object value) {
        if (value instanceof JsonNumber number) {
            return number.isIntegral() ? (Object) number.longValue() : (Object) number.doubleValue();
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            return big.longValue();
        }
        if (value instanceof Number number && !(value instanceof Long)) {
            return number.doubleValue();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        return value;
    }

    /** Equality of plain values where 1 and 1.0 are equal, as they are in Python. */
    static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object key : x.keySet()) {
                if (!same(x.get(key), y.get(key))) {
                    return false;
                }
            }
            return true;
        }
        return a == null ? b == null : a.equals(b);
    }

    /** A value as a contract author would write it, for messages. */
    static String show(Object value) {
        if (value == null) {
            return "None"; // JSON null, as the notebook's Python sees it
        }
        if (value instanceof String text) {
            return "\"" + text + "\"";
        }
        if (value instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d)) {
            return String.valueOf(d);
        }
        return String.valueOf(value);
    }
}
