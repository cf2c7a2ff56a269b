package dev.jupyship.contract;

import dev.jupyship.python.Expr;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Python's {@code ast.literal_eval} over the Java parser's tree, and the value as {@code json} would
 * carry it: what the parameters cell's defaults are.
 */
final class PythonLiterals {

    /**
     * @param type {@code type(value).__name__}
     * @param json the value after {@code json.loads(json.dumps(value))} as Jackson reads it (ints as
     *             {@link BigInteger}), or null when {@code json} cannot write it (sets, bytes, complex, ...)
     */
    record Result(String type, Object json) {
    }

    private PythonLiterals() {
    }

    /** The literal's type and value, or null when {@code ast.literal_eval} would reject the expression. */
    static Result evaluate(Expr expr) {
        Object value;
        try {
            value = convert(expr);
        } catch (NotLiteral e) {
            return null;
        }
        Object json;
        try {
            json = toJson(value);
        } catch (NotLiteral e) {
            json = null;
        }
        return new Result(typeName(value), json);
    }

    private static final class NotLiteral extends Exception {
        NotLiteral() {
            super(null, null, false, false);
        }
    }

    private enum Singleton { NONE, ELLIPSIS }

    private record Bytes(String value) {
    }

    private record Complex(double real, double imag) {
    }

    private record Tuple(List<Object> items) {
    }

    private record PySet(List<Object> items) {
    }

    /** A dict: Python-equal keys collapse, the first key is kept with the last value. */
    private record PyDict(Map<Object, Object[]> entries) {
    }

    private record TupleKey(List<Object> keys) {
    }

    private static Object convert(Expr expr) throws NotLiteral {
        if (expr instanceof Expr.StringLiteral literal) {
            return literal.bytes() ? new Bytes(literal.value()) : literal.value();
        }
        if (expr instanceof Expr.NumberLiteral number) {
            return number(number.text());
        }
        if (expr instanceof Expr.NamedConstant constant) {
            return switch (constant.kind()) {
                case NONE -> Singleton.NONE;
                case TRUE -> Boolean.TRUE;
                case FALSE -> Boolean.FALSE;
                case ELLIPSIS -> Singleton.ELLIPSIS;
            };
        }
        if (expr instanceof Expr.Tuple tuple) {
            return new Tuple(convertAll(tuple.elements()));
        }
        if (expr instanceof Expr.ListExpr list) {
            return convertAll(list.elements());
        }
        if (expr instanceof Expr.SetExpr set) {
            Map<Object, Object> seen = new LinkedHashMap<>();
            for (Object item : convertAll(set.elements())) {
                seen.putIfAbsent(hashKey(item), item);
            }
            return new PySet(new ArrayList<>(seen.values()));
        }
        if (expr instanceof Expr.Call call && call.function() instanceof Expr.Name name && name.id().equals("set")
                && call.arguments().isEmpty() && call.keywords().isEmpty()) {
            return new PySet(List.of());
        }
        if (expr instanceof Expr.Dict dict) {
            Map<Object, Object[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < dict.keys().size(); i++) {
                if (dict.keys().get(i) == null) {
                    throw new NotLiteral();
                }
                Object key = convert(dict.keys().get(i));
                Object value = convert(dict.values().get(i));
                Object[] entry = entries.get(hashKey(key));
                if (entry == null) {
                    entries.put(hashKey(key), new Object[] {key, value});
                } else {
                    entry[1] = value;
                }
            }
            return new PyDict(entries);
        }
        if (expr instanceof Expr.BinOp bin && (bin.op().equals("+") || bin.op().equals("-"))) {
            Object left = signedNumber(bin.left());
            Object right = number(bin.right());
            if ((left instanceof BigInteger || left instanceof Double) && right instanceof Complex c) {
                double real = left instanceof BigInteger big ? big.doubleValue() : (Double) left;
                return bin.op().equals("+") ? new Complex(real + c.real(), c.imag()) : new Complex(real - c.real(), -c.imag());
            }
            throw new NotLiteral();
        }
        return signedNumber(expr);
    }

    private static List<Object> convertAll(List<Expr> exprs) throws NotLiteral {
        List<Object> values = new ArrayList<>(exprs.size());
        for (Expr expr : exprs) {
            values.add(convert(expr));
        }
        return values;
    }

    private static Object signedNumber(Expr expr) throws NotLiteral {
        if (expr instanceof Expr.UnaryOp unary && (unary.op().equals("+") || unary.op().equals("-"))) {
            Object operand = number(unary.operand());
            if (unary.op().equals("+")) {
                return operand;
            }
            if (operand instanceof BigInteger big) {
                return big.negate();
            }
            if (operand instanceof Double d) {
                return -d;
            }
            Complex c = (Complex) operand;
            return new Complex(-c.real(), -c.imag());
        }
        return number(expr);
    }

    private static Object number(Expr expr) throws NotLiteral {
        if (expr instanceof Expr.NumberLiteral number) {
            return number(number.text());
        }
        throw new NotLiteral();
    }

    private static Object number(String lexeme) throws NotLiteral {
        String text = lexeme.replace("_", "").toLowerCase(Locale.ROOT);
        try {
            if (text.endsWith("j")) {
                return new Complex(0, Double.parseDouble(text.substring(0, text.length() - 1)));
            }
            if (text.startsWith("0x")) {
                return new BigInteger(text.substring(2), 16);
            }
            if (text.startsWith("0o")) {
                return new BigInteger(text.substring(2), 8);
            }
            if (text.startsWith("0b")) {
                return new BigInteger(text.substring(2), 2);
            }
            if (text.contains(".") || text.contains("e")) {
                return Double.parseDouble(text);
            }
            return new BigInteger(text);
        } catch (NumberFormatException e) {
            throw new NotLiteral();
        }
    }

    /** An object equal to another exactly when the Python values are equal; unhashable values are not literals. */
    private static Object hashKey(Object value) throws NotLiteral {
        if (value instanceof List || value instanceof PySet || value instanceof PyDict) {
            throw new NotLiteral(); // TypeError: unhashable type
        }
        if (value instanceof Tuple tuple) {
            List<Object> keys = new ArrayList<>();
            for (Object item : tuple.items()) {
                keys.add(hashKey(item));
            }
            return new TupleKey(keys);
        }
        if (value instanceof Boolean b) {
            return b ? BigInteger.ONE : BigInteger.ZERO;
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                return new Object();
            }
            if (!d.isInfinite() && d == Math.rint(d)) {
                return new BigDecimal(d).toBigInteger();
            }
            return d;
        }
        if (value instanceof Complex c && c.imag() == 0) {
            return hashKey(c.real());
        }
        return value;
    }

    private static Object toJson(Object value) throws NotLiteral {
        if (value == Singleton.NONE) {
            return null;
        }
        if (value instanceof String || value instanceof Boolean || value instanceof BigInteger || value instanceof Double) {
            return value;
        }
        if (value instanceof Tuple tuple) {
            return toJson(tuple.items());
        }
        if (value instanceof List<?> list) {
            List<Object> json = new ArrayList<>(list.size());
            for (Object item : list) {
                json.add(toJson(item));
            }
            return json;
        }
        if (value instanceof PyDict dict) {
            Map<String, Object> json = new LinkedHashMap<>();
            for (Object[] entry : dict.entries().values()) {
                json.put(jsonKey(entry[0]), toJson(entry[1]));
            }
            return json;
        }
        throw new NotLiteral(); // TypeError: not JSON serializable
    }

    private static String jsonKey(Object key) throws NotLiteral {
        if (key instanceof String text) {
            return text;
        }
        if (key instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (key instanceof BigInteger big) {
            return big.toString();
        }
        if (key instanceof Double d) {
            return floatKey(d);
        }
        if (key == Singleton.NONE) {
            return "null";
        }
        throw new NotLiteral(); // TypeError: keys must be str, int, float, bool or None
    }

    /** {@code json}'s text for a float key: {@code float.__repr__}, or NaN/Infinity. */
    static String floatKey(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = decimal.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    private static String typeName(Object value) {
        if (value instanceof String) {
            return "str";
        }
        if (value instanceof Bytes) {
            return "bytes";
        }
        if (value instanceof Boolean) {
            return "bool";
        }
        if (value instanceof BigInteger) {
            return "int";
        }
        if (value instanceof Double) {
            return "float";
        }
        if (value instanceof Complex) {
            return "complex";
        }
        if (value == Singleton.NONE) {
            return "NoneType";
        }
        if (value == Singleton.ELLIPSIS) {
            return "ellipsis";
        }
        if (value instanceof Tuple) {
            return "tuple";
        }
        if (value instanceof PySet) {
            return "set";
        }
        if (value instanceof PyDict) {
            return "dict";
        }
        return "list";
    }
}
