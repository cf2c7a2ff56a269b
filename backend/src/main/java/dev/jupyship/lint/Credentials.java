package dev.jupyship.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * A secret format: a fixed text every such secret starts with (found with indexOf, which is
     * fast on the megabytes of text a notebook's outputs can hold), and the pattern that must match
     * from there (lookbehinds and word boundaries see the text around it).
     */
    private record Format(String kind, List<String> anchors, Pattern pattern) {
        Format(String kind, String anchor, String regex) {
            this(kind, List.of(anchor), Pattern.compile(regex));
        }
    }

    /** The longest secret we look for; a match is tried within this many characters of its anchor. */
    private static final int MAX_LENGTH = 4096;

    private static final List<Format> FORMATS = List.of(
            // Not the key ids inside pre-signed URLs (X-Amz-Credential=AKIA...): those are made to be shared and expire.
            new Format("an AWS access key id", List.of("AKIA", "ASIA"), Pattern.compile("(?<!X-Amz-Credential=)\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Format("a private key", "PRIVATE KEY-----", "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
            new Format("a Google service-account key", "service_account", "\"type\"\\s*:\\s*\"service_account\""),
            new Format("a Google API key", "AIza", "\\bAIza[0-9A-Za-z_\\-]{35}\\b"),
            new Format("a GitHub token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
                    Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\\b")),
            new Format("a Slack token", List.of("xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-"), Pattern.compile("\\bxox[abprs]-[A-Za-z0-9-]{10,}\\b")),
            new Format("an OpenAI-style API key", "sk-", "\\bsk-(?:proj-)?[A-Za-z0-9_\\-]{32,}\\b"),
            new Format("a Hugging Face token", "hf_", "\\bhf_[A-Za-z0-9]{30,}\\b"),
            new Format("an Azure storage account key", "AccountKey=", "AccountKey=[A-Za-z0-9+/]{60,}={0,2}"),
            new Format("a JSON Web Token", "eyJ", "\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}"));

    private Credentials() {
    }

    /** For each character, the formats with an anchor starting with it: one pass over the text finds every candidate. */
    private record Candidate(Format format, String anchor) {
    }

    private static final Candidate[][] BY_FIRST_CHAR = new Candidate[128][];

    static {
        Map<Character, List<Candidate>> byChar = new HashMap<>();
        for (Format format : FORMATS) {
            for (String anchor : format.anchors()) {
                byChar.computeIfAbsent(anchor.charAt(0), c -> new ArrayList<>()).add(new Candidate(format, anchor));
            }
        }
        byChar.forEach((c, candidates) -> BY_FIRST_CHAR[c] = candidates.toArray(Candidate[]::new));
    }

    public static List<Match> find(String text) {
        List<Match> matches = new ArrayList<>();
        int skipUntil = 0;
        for (int at = 0; at < text.length(); at++) {
            char c = text.charAt(at);
            Candidate[] candidates = c < 128 ? BY_FIRST_CHAR[c] : null;
            if (candidates == null || at < skipUntil) {
                continue;
            }
            for (Candidate candidate : candidates) {
                if (!text.startsWith(candidate.anchor(), at)) {
                    continue;
                }
                // Patterns that start before their anchor ("-----BEGIN ...") get room behind it.
                Matcher matcher = candidate.format().pattern().matcher(text).useTransparentBounds(true)
                        .region(Math.max(0, at - 64), Math.min(text.length(), at + MAX_LENGTH));
                if (matcher.find() && matcher.start() <= at + candidate.anchor().length()) {
                    matches.add(new Match(candidate.format().kind(), matcher.start(), matcher.end()));
                    skipUntil = matcher.end();
                }
            }
        }
        return matches;
    }
}
