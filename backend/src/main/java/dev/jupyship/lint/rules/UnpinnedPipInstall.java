package dev.jupyship.lint.rules;

import dev.jupyship.lint.Family;
import dev.jupyship.lint.LintContext;
import dev.jupyship.lint.Rule;
import dev.jupyship.lint.RuleInfo;
import dev.jupyship.lint.Severity;
import dev.jupyship.lint.SourceLines;
import dev.jupyship.lint.rules.support.CommandText;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * JS303: {@code !pip install x}, {@code %pip install x}, {@code %conda install x} (and the
 * {@code python -m pip}, {@code %%bash} spellings) with a package that has no exact version. What
 * it installs changes from day to day, over the versions the platform's image pins.
 */
public final class UnpinnedPipInstall implements Rule {

    private static final RuleInfo INFO = RuleInfo.of("JS303", "unpinned-pip-install", Family.REPRODUCIBILITY, Severity.WARNING,
            "A package is installed in the notebook without an exact version");

    private static final Pattern PYTHON = Pattern.compile("python[0-9.]*|\\{sys\\.executable}|\\$PYTHON");
    private static final Pattern PIP = Pattern.compile("pip[0-9.]*");
    private static final Set<String> CONDA = Set.of("conda", "mamba", "micromamba");
    /** pip install options that take a value (the value is not a package). */
    private static final Set<String> PIP_VALUE_OPTIONS = Set.of("-r", "--requirement", "-c", "--constraint", "-e", "--editable",
            "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src",
            "--trusted-host", "--platform", "--python-version", "--implementation", "--abi", "--no-binary", "--only-binary",
            "--progress-bar", "--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--upgrade-strategy",
            "--global-option", "--install-option", "-C", "--config-settings", "--report", "--python");
    private static final Set<String> CONDA_VALUE_OPTIONS = Set.of("-c", "--channel", "-n", "--name", "-p", "--prefix", "--file",
            "--repodata-fn", "--solver");
    /** An exact pin: {@code name==1.2.3}, {@code name[extra]==1.2.3}, {@code name===1.2.3}. */
    private static final Pattern PIP_PINNED = Pattern.compile("[A-Za-z0-9._-]+(\\[[^\\]]*])?\\s*===?\\s*[A-Za-z0-9.+!_-]+(\\s*;.*)?");
    /** conda's {@code name=1.2.3}, {@code name==1.2.3}, {@code name=1.2.3=build}. */
    private static final Pattern CONDA_PINNED = Pattern.compile("([A-Za-z0-9._-]+::)?[A-Za-z0-9._-]+==?[0-9][A-Za-z0-9.+_-]*(=[A-Za-z0-9_.*]+)?");
    private static final Pattern LOCAL = Pattern.compile("[./~].*|file:.*|.*\\.(whl|tar\\.gz|tgz|zip)");
    private static final Pattern VCS = Pattern.compile("(git|hg|svn|bzr)\\+.*");

    @Override
    public RuleInfo info() {
        return INFO;
    }

    /** A word of a command line: its text without quotes, and where it is in the command. */
    record Word(String text, int start, int end) {
    }

    @Override
    public void check(LintContext context) {
        for (CommandText.Command command : CommandText.of(context)) {
            if (!command.text().contains("install")) {
                continue;
            }
            for (List<Word> words : simpleCommands(command.text())) {
                List<String> unpinned = new ArrayList<>();
                boolean[] upgrade = {false};
                String installer = unpinnedPackages(words, unpinned, upgrade);
                if (installer == null || unpinned.isEmpty()) {
                    continue;
                }
                SourceLines lines = SourceLines.of(command.cell().source());
                int first = words.get(0).start();
                // the escape ('!', '%') belongs to the command it starts
                int start = command.start() + (command.text().substring(0, first).matches("[!% ]*") ? 0 : first);
                int end = command.start() + words.get(words.size() - 1).end();
                context.report(command.cell(), lines.lineOf(start), lines.columnOf(start), lines.lineOf(end), lines.columnOf(end),
                        message(installer, unpinned, upgrade[0]));
            }
        }
    }

    private static String message(String installer, List<String> unpinned, boolean upgrade) {
        String names = String.join(", ", unpinned.size() > 4 ? unpinned.subList(0, 4) : unpinned) + (unpinned.size() > 4 ? ", ..." : "");
        String pin = installer.equals("conda") ? "'name=1.2.3'" : "'name==1.2.3'";
        return "'" + installer + " install" + (upgrade ? " --upgrade" : "") + "' of " + names + " without an exact version: every run "
                + "installs what is newest that day, over the image's pinned packages, so the batch differs from the notebook; "
                + "pin each package (" + pin + ") or ask for it in the image";
    }

    /**
     * The installer ("pip" or "conda") when the words are an install command, else null; the
     * packages it installs without an exact version go into {@code unpinned}.
     */
    static String unpinnedPackages(List<Word> words, List<String> unpinned, boolean[] upgrade) {
        int i = 0;
        while (i < words.size() && (words.get(i).text().equals("sudo") || words.get(i).text().equals("env")
                || words.get(i).text().equals("time") || words.get(i).text().matches("[A-Za-z_][A-Za-z0-9_]*=.*")
                || (i > 0 && words.get(i - 1).text().equals("sudo") && words.get(i).text().startsWith("-")))) {
            i++;
        }
        if (i >= words.size()) {
            return null;
        }
        String program = words.get(i).text();
        program = program.substring(program.lastIndexOf('/') + 1);
        String installer;
        if (PYTHON.matcher(program).matches() || program.equals("uv")) {
            int m = i + 1;
            if (program.equals("uv")) {
                m = i + 1;
            } else {
                while (m < words.size() && words.get(m).text().startsWith("-") && !words.get(m).text().equals("-m")) {
                    m++;
                }
                if (m >= words.size() || !words.get(m).text().equals("-m")) {
                    return null;
                }
                m++;
            }
            if (m >= words.size() || !PIP.matcher(words.get(m).text()).matches()) {
                return null;
            }
            installer = "pip";
            i = m + 1;
        } else if (PIP.matcher(program).matches()) {
            installer = "pip";
            i++;
        } else if (CONDA.contains(program)) {
            installer = "conda";
            i++;
        } else {
            return null;
        }
        while (i < words.size() && words.get(i).text().startsWith("-")) {
            i++; // global options: pip -q install, conda -y install
        }
        if (i >= words.size() || !words.get(i).text().equals("install")) {
            return null;
        }
        Set<String> valueOptions = installer.equals("pip") ? PIP_VALUE_OPTIONS : CONDA_VALUE_OPTIONS;
        for (i++; i < words.size(); i++) {
            String word = words.get(i).text();
            if (word.startsWith("-")) {
                if (valueOptions.contains(word)) {
                    i++;
                } else if (word.equals("--upgrade") || (word.matches("-[A-Za-z]+") && word.contains("U"))) {
                    upgrade[0] = true;
                }
                continue;
            }
            if (i + 2 < words.size() && words.get(i + 1).text().equals("@")) {
                i += 2; // name @ url: a direct reference, pinned by the url below
                word = words.get(i).text();
            }
            if (!isPinned(word, installer)) {
                unpinned.add(word);
            }
        }
        return installer;
    }

    private static boolean isPinned(String requirement, String installer) {
        if (requirement.contains("$") || requirement.contains("{") || LOCAL.matcher(requirement).matches()) {
            return true; // a variable we cannot read, or a local project or wheel: fixed by the repository, not the index
        }
        if (VCS.matcher(requirement).matches()) {
            String last = requirement.replaceFirst("#.*", "");
            last = last.substring(last.lastIndexOf('/') + 1);
            return last.contains("@");
        }
        if (requirement.matches("https?://.*")) {
            return true; // a fixed archive
        }
        return (installer.equals("pip") ? PIP_PINNED : CONDA_PINNED).matcher(requirement).matches();
    }

    /**
     * Splits a command line into simple commands ({@code ;}, {@code &&}, {@code ||}, {@code |} and
     * line ends separate them; a backslash continues a line), and those into words: quotes are
     * removed, redirections and comments dropped. The IPython escape ({@code !}, {@code %}) of the
     * first word is dropped too.
     */
    static List<List<Word>> simpleCommands(String text) {
        List<List<Word>> commands = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n && (text.charAt(i) == '!' || text.charAt(i) == '%' || text.charAt(i) == ' ')) {
            i++;
        }
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < n && (text.charAt(i + 1) == '\n' || text.charAt(i + 1) == '\r')) {
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '\n' || c == ';' || c == '|' || c == '&') {
                if (!words.isEmpty()) {
                    commands.add(words);
                    words = new ArrayList<>();
                }
                i++;
            } else if (c == '#' ) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else {
                int start = i;
                StringBuilder word = new StringBuilder();
                char quote = 0;
                while (i < n) {
                    char d = text.charAt(i);
                    if (quote != 0) {
                        if (d == quote) {
                            quote = 0;
                        } else {
                            word.append(d);
                        }
                    } else if (d == '"' || d == '\'') {
                        quote = d;
                    } else if (Character.isWhitespace(d) || d == ';' || d == '|' || d == '&') {
                        break;
                    } else {
                        word.append(d);
                    }
                    i++;
                }
                String text1 = word.toString();
                if (text1.matches("[0-9]*>.*|<.*")) {
                    if (text1.matches("[0-9]*>>?|<")) {
                        // the file name follows as its own word
                        while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                            i++;
                        }
                        while (i < n && !Character.isWhitespace(text.charAt(i)) && ";|&".indexOf(text.charAt(i)) < 0) {
                            i++;
                        }
                    }
                    continue;
                }
                words.add(new Word(text1, start, i));
            }
        }
        if (!words.isEmpty()) {
            commands.add(words);
        }
        return commands;
    }
}
