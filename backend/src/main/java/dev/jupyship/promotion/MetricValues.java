package dev.jupyship.promotion;

import java.math.BigDecimal;

/** Metric values in sentences: as short as they are exact ({@code 2.5}, {@code 3}, {@code 0.81}), never rounded into a lie. */
final class MetricValues {

    private MetricValues() {
    }

    /** The value as a number, or null when it is not a finite number (JSON true is not 1). */
    static Double number(Object value) {
        if (value instanceof Number n && !(value instanceof Boolean) && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        return null;
    }

    static String show(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A value read from a metrics file, as it was written. */
    static String show(Object value) {
        Double number = number(value);
        if (number != null) {
            return show(number.doubleValue());
        }
        return value instanceof String text ? "\"" + text + "\"" : String.valueOf(value);
    }
}
