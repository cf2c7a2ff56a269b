package dev.jupyship.export;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Port of the parts of jupytext's {@code languages.py} that the percent writer uses: the comment
 * string of each script language, the cell magics that name a language ({@code %%R},
 * {@code %%bash}), and how a notebook's language is spelled. jupytext keys its magic rules by
 * language, so a notebook with an R or C++ kernel gets that language's rules even in a .py file.
 */
final class CellLanguage {

    /** {@code _SCRIPT_EXTENSIONS}: language → comment string (one entry per language). */
    private static final Map<String, String> COMMENT = new HashMap<>();

    static {
        String[][] languages = {
            {"python", "#"}, {"coconut", "#"}, {"R", "#"}, {"julia", "#"}, {"c++", "//"}, {"scheme", ";;"},
            {"clojure", ";;"}, {"bash", "#"}, {"powershell", "#"}, {"q", "/"}, {"matlab", "%"},
            {"wolfram language", "(*"}, {"idl", ";"}, {"javascript", "//"}, {"typescript", "//"}, {"scala", "//"},
            {"rust", "//"}, {"robotframework", "#"}, {"csharp", "//"}, {"fsharp", "//"}, {"sos", "#"},
            {"java", "//"}, {"groovy", "//"}, {"sage", "#"}, {"ocaml", "(*"}, {"haskell", "--"}, {"tcl", "#"},
            {"maxima", "/*"}, {"gnuplot", "#"}, {"stata", "//"}, {"sas", "/*"}, {"jenner", "/*"}, {"xonsh", "#"},
            {"logtalk", "%"}, {"lua", "--"}, {"go", "//"},
        };
        for (String[] entry : languages) {
            COMMENT.put(entry[0], entry[1]);
        }
    }

    /** {@code _JUPYTER_LANGUAGES}: magics such as {@code %%bash} that switch a cell's language. */
    private static final Set<String> JUPYTER_LANGUAGES = new HashSet<>(List.of(
            "R", "bash", "sh", "python", "python2", "python3", "coconut", "javascript", "js", "perl", "html", "latex",
            "markdown", "pypy", "ruby", "script", "svg", "matlab", "octave", "idl", "robotframework", "sas", "spark",
            "sql", "cython", "haskell", "tcl", "gnuplot", "wolfram language", "c#", "f#", "cs", "fs"));

    static {
        JUPYTER_LANGUAGES.addAll(COMMENT.keySet());
    }

    private CellLanguage() {
    }

    /** The languages that have magic rules ({@code _SCRIPT_LANGUAGES}). */
    static Set<String> scriptLanguages() {
        return COMMENT.keySet();
    }

    /** {@code _COMMENT.get(language)}: null for a language jupytext has no script format for. */
    static String commentOf(String language) {
        return COMMENT.get(language);
    }

    /** {@code usual_language_name}. */
    static String usualName(String language) {
        String lower = language.toLowerCase(Locale.ROOT);
        if (lower.equals("r")) {
            return "R";
        }
        if (lower.startsWith("c++")) {
            return "c++";
        }
        return switch (lower) {
            case "octave" -> "matlab";
            case "cs", "c#" -> "csharp";
            case "fs", "f#" -> "fsharp";
            case "sas" -> "SAS";
            default -> lower;
        };
    }

    static boolean sameLanguage(String a, String b) {
        return usualName(a).equals(usualName(b));
    }

    /**
     * {@code default_language_from_metadata_and_ext(metadata, ".py")}: the jupytext main language,
     * else the kernel's, else python; R and sas keep their case, C++ variants become c++.
     */
    static String defaultLanguage(Map<String, Object> metadata) {
        Object main = metadata.get("jupytext") instanceof Map<?, ?> jupytext ? jupytext.get("main_language") : null;
        Object kernel = metadata.get("kernelspec") instanceof Map<?, ?> spec ? spec.get("language") : null;
        String fromKernel = kernel instanceof String s && !s.isEmpty() ? s : "python";
        String language = main instanceof String s && !s.isEmpty() ? s : fromKernel;
        if (language.equals("R") || language.equals("sas")) {
            return language;
        }
        if (language.startsWith("C++")) {
            return "c++";
        }
        return language.toLowerCase(Locale.ROOT).replace("#", "sharp");
    }

    /** The language a cell magic names, and its arguments; see {@link #detect}. */
    record Magic(String language, String args) {
    }

    /**
     * {@code cell_language}: when the first line is a language cell magic ({@code %%R -i df}),
     * removes it from {@code source} and returns the language and arguments; else null.
     * {@code customMagics} always holds "" (jupytext splits an empty option on commas), so a bare
     * {@code %%} line counts as a magic with no language.
     */
    static Magic detect(List<String> source, String defaultLanguage, Set<String> customMagics) {
        if (source.isEmpty()) {
            return null;
        }
        String line = source.get(0);
        if (defaultLanguage.equals("go") && MagicCommenter.isGoDoublePercentCommand(line)) {
            return null;
        }
        if (defaultLanguage.equals("csharp")) {
            if (line.startsWith("#!")) {
                String language = PythonStrings.strip(line.substring(2));
                if (JUPYTER_LANGUAGES.contains(language)) {
                    source.remove(0);
                    return new Magic(language, "");
                }
            }
        } else if (line.startsWith("%%")) {
            String magic = line.substring(2);
            int space = magic.indexOf(' ');
            String language = space < 0 ? magic : magic.substring(0, space);
            String args = space < 0 ? "" : magic.substring(space + 1);
            if (JUPYTER_LANGUAGES.contains(language) || customMagics.contains(language)) {
                source.remove(0);
                return new Magic(language, args);
            }
        }
        return null;
    }
}
