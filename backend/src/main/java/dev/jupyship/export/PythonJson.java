package dev.jupyship.export;

import dev.jupyship.notebook.NotebookJson;
import dev.jupyship.notebook.JsonNumber;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Python's {@code json.dumps(value)} with its defaults ({@code ensure_ascii=True}, separators
 * {@code ", "} and {@code ": "}), applied to a value that Python's {@code json.loads} produced:
 * jupytext writes cell metadata this way, so numbers come out as Python re-prints them
 * ({@code 1E5} becomes {@code 100000.0}), not as the notebook spelled them.
 */
final class PythonJson {


    private PythonJson() {
    }

    static String dumps(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof JsonNumber n) {
            out.append(number(n));
        } else if (value instanceof Number n) {
            out.append(n);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<Map.Entry<String, Object>> entries = ((Map<String, Object>) map).entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<String, Object> entry = entries.next();
                string(entry.getKey(), out);
                out.append(": ");
                write(entry.getValue(), out);
                if (entries.hasNext()) {
                    out.append(", ");
                }
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass());
        }
    }

    /** How Python prints the number {@code json.loads} made of this lexeme (int, or float repr). */
    static String number(JsonNumber n) {
        String lexeme = n.lexeme();
        if (n.isIntegral()) {
            return new BigInteger(lexeme).toString(); // "-0" is the int 0
        }
        return floatRepr(Double.parseDouble(lexeme));
    }

    /** Python's {@code json} float output: {@code repr}, with {@code Infinity} and {@code NaN}. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return repr(d);
    }

    /**
     * Python's {@code repr(float)}: the shortest digits that read back to the same double, in
     * fixed notation when the decimal exponent is in [-4, 16), else {@code 1e-05} style.
     */
    static String repr(double d) {
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal shortest = shortestDigits(d);
        String digits = shortest.unscaledValue().abs().toString();
        // strip trailing zeros of the digit string (keeping the value through the exponent)
        int end = digits.length();
        while (end > 1 && digits.charAt(end - 1) == '0') {
            end--;
        }
        int exponent = digits.length() - 1 - shortest.scale(); // position of the first digit
        digits = digits.substring(0, end);
        StringBuilder out = new StringBuilder();
        if (d < 0) {
            out.append('-');
        }
        int decpt = exponent + 1;
        if (decpt > -4 && decpt <= 16) {
            if (decpt <= 0) {
                out.append("0.");
                out.append("0".repeat(-decpt));
                out.append(digits);
            } else if (decpt >= digits.length()) {
                out.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
            } else {
                out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
            }
        } else {
            out.append(digits.charAt(0));
            if (digits.length() > 1) {
                out.append('.').append(digits, 1, digits.length());
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            out.append(abs);
        }
        return out.toString();
    }

    private static BigDecimal shortestDigits(double d) {
        BigDecimal exact = new BigDecimal(d);
        for (int precision = 1; precision < 17; precision++) {
            BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == d) {
                return rounded;
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
    }

    /** jupytext writes metadata with {@code json.dumps} defaults: ASCII only. */
    private static void string(String s, StringBuilder out) {
        NotebookJson.appendString(out, s, true);
    }
}
