package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.SourceLines;
import dev.jupyship.lint.rules.support.CommandText;
import dev.jupyship.lint.rules.support.Credentials;
import dev.jupyship.notebook.Cell;
import dev.jupyship.python.Expr;
import dev.jupyship.python.Literals;
import dev.jupyship.python.ModuleAnalysis;
import dev.jupyship.python.Node;
import dev.jupyship.python.ParsedCell;
import dev.jupyship.python.Part;
import dev.jupyship.python.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JS401: a credential written in a code cell: text in an issuer's format ({@link Credentials}), an
 * {@code Authorization} header's token, or a literal that looks like a secret assigned to a name or
 * key that says password, secret, token or API/access/private key (in Python, or {@code %env} and
 * {@code export} in commands).
 */
public final class CredentialInSource implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS401", "credential-in-source", Family.SECURITY, Severity.ERROR,
            "A credential is written in a code cell");

    /** The token of an Authorization header or a Bearer string; variables ({@code {t}}, {@code $T}) are not tokens. */
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(?:\\bBearer|Authorization:\\s*(?:Basic|token))\\s+([A-Za-z0-9._~+/=-]{16,})");
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "secret", "apikey", "accesskey", "privatekey");
    private static final Set<String> KEY_QUALIFIERS = Set.of("api", "access", "private", "secret");
    /** Words before "token" that make it a language-model token, not a credential ({@code pad_token = "<pad>"}). */
    private static final Set<String> TEXT_TOKENS = Set.of("pad", "eos", "bos", "unk", "sep", "cls", "mask", "start", "end", "oov",
            "sos", "special", "split", "null", "blank", "new", "first", "last", "next", "prev", "max", "min", "num", "n");
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(?i).*(your|xxx|\\*\\*\\*|\\.\\.\\.|<|>|\\[|]|\\{|}|\\$|example|placeholder|changeme|change_me|dummy|fake|redacted|"
                    + "insert|enter|replace|todo|here).*|(?i)(password|passwd|secret|token|none|null|test|sample)");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final Pattern PATH_OR_URL = Pattern.compile("(?i)[./~].*|.*://.*|.*\\.(json|txt|pem|key|env|ya?ml|cfg|ini|p12|crt)");
    /** {@code %env NAME=value}, {@code %env NAME value}, {@code export NAME=value}, {@code NAME=value cmd}. */
    private static final Pattern COMMAND_ASSIGNMENT = Pattern.compile("(?:^|[\\s;&|])(?:%?(?:set_)?env\\s+([A-Za-z_]\\w*)(?:=|\\s+)"
            + "|(?:export\\s+)?([A-Za-z_]\\w*)=)[\"']?([^\\s\"';&|]+)");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    @Override
    public void check(LintContext context) {
        Map<Integer, List<int[]>> reported = new HashMap<>();
        for (Cell cell : context.codeCells()) {
            String source = cell.source();
            SourceLines lines = null;
            for (Credentials.Match match : Credentials.find(source)) {
                if (source.substring(match.start(), match.end()).toUpperCase(Locale.ROOT).contains("EXAMPLE")) {
                    continue; // the providers' documented example keys (AKIAIOSFODNN7EXAMPLE)
                }
                lines = lines == null ? SourceLines.of(source) : lines;
                report(context, cell, lines, match.start(), match.end(), reported, match.kind() + " is written in the cell");
            }
            Matcher header = AUTHORIZATION.matcher(source);
            while (mentionsAuthorization(source) && header.find()) {
                if (looksSecret(header.group(1))) {
                    lines = lines == null ? SourceLines.of(source) : lines;
                    report(context, cell, lines, header.start(1), header.end(1), reported, "an authorization token is written in the cell");
                }
            }
        }
        ModuleAnalysis python = context.python();
        for (ParsedCell cell : python.cells()) {
            context.nodes(cell).forEach(node -> {
                if (node instanceof Stmt.Assign assign) {
                    assign.targets().forEach(target -> checkAssignment(context, cell, nameOf(target), assign.value(), reported));
                } else if (node instanceof Stmt.AnnAssign assign && assign.value() != null) {
                    checkAssignment(context, cell, nameOf(assign.target()), assign.value(), reported);
                } else if (node instanceof Expr.Call call) {
                    for (Part.Keyword keyword : call.keywords()) {
                        checkAssignment(context, cell, keyword.name(), keyword.value(), reported);
                    }
                } else if (node instanceof Expr.Dict dict) {
                    for (int i = 0; i < dict.keys().size(); i++) {
                        checkAssignment(context, cell, dict.keys().get(i) == null ? null : Literals.stringValue(dict.keys().get(i)),
                                dict.values().get(i), reported);
                    }
                }
            });
        }
        for (CommandText.Command command : CommandText.of(context)) {
            Matcher matcher = COMMAND_ASSIGNMENT.matcher(command.text());
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                if (isSecretName(name) && looksSecret(matcher.group(3))) {
                    SourceLines lines = SourceLines.of(command.cell().source());
                    report(context, command.cell(), lines, command.start() + matcher.start(3), command.start() + matcher.end(3), reported,
                            "'" + name + "' is set to a secret written in the cell");
                }
            }
        }
    }

    private static void checkAssignment(LintContext context, ParsedCell cell, String name, Expr value, Map<Integer, List<int[]>> reported) {
        String text = Literals.stringValue(value);
        if (name == null || text == null || !isSecretName(name) || !looksSecret(text)) {
            return;
        }
        Cell notebookCell = context.cell(cell);
        SourceLines lines = SourceLines.of(notebookCell.source());
        report(context, notebookCell, lines, value.span().startOffset(), value.span().endOffset(), reported,
                "'" + name + "' is set to a secret written in the cell");
    }

    private static void report(LintContext context, Cell cell, SourceLines lines, int start, int end, Map<Integer, List<int[]>> reported,
            String what) {
        List<int[]> ranges = reported.computeIfAbsent(cell.index(), k -> new ArrayList<>());
        for (int[] range : ranges) {
            if (start < range[1] && range[0] < end) {
                return; // one finding per secret
            }
        }
        ranges.add(new int[] {start, end});
        context.report(cell, lines.lineOf(start), lines.columnOf(start), lines.lineOf(end), lines.columnOf(end), what
                + ": everyone who gets the notebook, its exports and every batch run's copy has it; revoke it, and read it from "
                + "the environment or a secret store (os.environ[\"...\"])");
    }

    /** A cheap test before the case-insensitive regex, which is slow on long cells. */
    private static boolean mentionsAuthorization(String source) {
        return source.contains("earer") || source.contains("EARER") || source.contains("uthorization") || source.contains("UTHORIZATION");
    }

    /** The name a value is assigned to: a variable, an attribute, or a string key ({@code os.environ["API_KEY"]}). */
    private static String nameOf(Expr target) {
        if (target instanceof Expr.Name name) {
            return name.id();
        }
        if (target instanceof Expr.Attribute attribute) {
            return attribute.attr();
        }
        if (target instanceof Expr.Subscript subscript) {
            return Literals.stringValue(subscript.slice());
        }
        return null;
    }

    /** True when a name's words say password, secret, token or API/access/private key. */
    static boolean isSecretName(String name) {
        String[] words = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT).split("[^a-z0-9]+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if (SECRET_WORDS.contains(word)) {
                return true;
            }
            if (word.equals("token") && (i == 0 || !TEXT_TOKENS.contains(words[i - 1]))) {
                return true;
            }
            if (word.equals("key") && i > 0 && KEY_QUALIFIERS.contains(words[i - 1])) {
                return true;
            }
        }
        return false;
    }

    /** True for a value that could be a real secret: not empty, not a placeholder, an env var's name, a path or a sentence. */
    static boolean looksSecret(String value) {
        if (value.length() < 6 || value.chars().anyMatch(Character::isWhitespace) || PLACEHOLDER.matcher(value).matches()
                || ENV_NAME.matcher(value).matches() || PATH_OR_URL.matcher(value).matches()) {
            return false;
        }
        int kinds = 0;
        kinds += value.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
        kinds += value.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
        kinds += value.chars().anyMatch(Character::isDigit) ? 1 : 0;
        kinds += value.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
        return kinds >= 2;
    }
}
