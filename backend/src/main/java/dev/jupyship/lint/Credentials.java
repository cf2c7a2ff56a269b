package dev.jupyship.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises secrets by the formats their issuers give them (as secret scanners like gitleaks do):
 * cloud keys, service-account JSON, private keys, and well-known token prefixes. Shared by the rules
 * that look in cell sources and in saved outputs.
 */
public final class Credentials {

    /** A secret found in some text: what kind, and where (0-based offsets). */
    public record Match(String kind, int start, int end) {
    }

    /** A format, and text that every match contains: the regex (slow at word bounds) runs only where that text is. */
    private record Format(String kind, Pattern pattern, String... hints) {
    }

    private static final List<Format> FORMATS = List.of(
            // Not the key ids inside pre-signed URLs (X-Amz-Credential=AKIA...): those are made to be shared and expire.
            new Format("an AWS access key id", Pattern.compile("(?<!X-Amz-Credential=)\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b"), "AKIA", "ASIA"),
            new Format("a private key", Pattern.compile("-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"), "PRIVATE KEY-----"),
            new Format("a Google service-account key", Pattern.compile("\"type\"\\s*:\\s*\"service_account\""), "service_account"),
            new Format("a Google API key", Pattern.compile("\\bAIza[0-9A-Za-z_\\-]{35}\\b"), "AIza"),
            new Format("a GitHub token", Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b"), "gh", "github_pat_"),
            new Format("a Slack token", Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}\\b"), "xox"),
            new Format("an OpenAI-style API key", Pattern.compile("\\bsk-(?:proj-)?[A-Za-z0-9_\\-]{32,}\\b"), "sk-"),
            new Format("a Hugging Face token", Pattern.compile("\\bhf_[A-Za-z0-9]{30,}\\b"), "hf_"),
            new Format("an Azure storage account key", Pattern.compile("AccountKey=[A-Za-z0-9+/]{60,}={0,2}"), "AccountKey="),
            new Format("a JSON Web Token", Pattern.compile("\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"), "eyJ"));

    private Credentials() {
    }

    public static List<Match> find(CharSequence text) {
        List<Match> matches = new ArrayList<>();
        String plain = text.toString();
        for (Format format : FORMATS) {
            if (!containsAny(plain, format.hints())) {
                continue;
            }
            Matcher matcher = format.pattern().matcher(text);
            while (matcher.find()) {
                matches.add(new Match(format.kind(), matcher.start(), matcher.end()));
            }
        }
        matches.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return matches;
    }

    private static boolean containsAny(String text, String[] hints) {
        for (String hint : hints) {
            if (text.contains(hint)) {
                return true;
            }
        }
        return false;
    }
}
