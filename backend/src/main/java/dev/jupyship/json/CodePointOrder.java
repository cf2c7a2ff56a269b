package dev.jupyship.json;

import java.util.Comparator;

/**
 * Text in Unicode code point order, which is UTF-8 byte order: how Python sorts str keys (a
 * notebook's YAML header) and how object stores list keys. Java's {@code String.compareTo} orders
 * by UTF-16 unit, which differs for characters beyond U+FFFF.
 */
public final class CodePointOrder {

    public static final Comparator<String> ORDER = CodePointOrder::compare;

    private CodePointOrder() {
    }

    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
