package dev.jupyship.notebook;

import java.math.BigDecimal;

/**
 * A JSON number kept as the text it was written with, so that writing a notebook back never
 * reformats a float ({@code 1e-05}, {@code 0.30000000000000004}) the way another runtime would.
 */
public record JsonNumber(String lexeme) {

    public static JsonNumber of(long value) {
        return new JsonNumber(Long.toString(value));
    }

    public boolean isIntegral() {
        return lexeme.indexOf('.') < 0 && lexeme.indexOf('e') < 0 && lexeme.indexOf('E') < 0;
    }

    /** A whole number an int holds: what version numbers and execution counts must be. */
    public boolean isInt() {
        if (!isIntegral()) {
            return false;
        }
        try {
            Integer.parseInt(lexeme);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public long longValue() {
        return isIntegral() ? Long.parseLong(lexeme) : new BigDecimal(lexeme).longValue();
    }

    public double doubleValue() {
        return Double.parseDouble(lexeme);
    }

    @Override
    public String toString() {
        return lexeme;
    }
}
