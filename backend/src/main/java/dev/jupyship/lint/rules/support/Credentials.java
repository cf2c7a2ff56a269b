package dev.jupyship.lint.rules.support;

import java.util.ArrayList;
import java.util.Arrays;
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
     * A secret format: a fixed text every such secret starts with, found with indexOf (fast on the
     * megabytes a notebook's outputs can hold), and the pattern that must match right
     * there (lookbehinds and word boundaries see the text around it). Tried once at the anchor, never
     * searched forward: a search from every anchor in a long base64 blob is quadratic.
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
            new Format("a private key", "-----BEGIN ", "-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY-----"),
            new Format("a Google service-account key", "service_account", "(?<=\"type\"\\s{0,16}:\\s{0,16}\")service_account\""),
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

    /** Every anchor with its format, in the order formats are listed. */
    private record Candidate(Format format, String anchor) {
    }

    private static final List<Candidate> CANDIDATES = FORMATS.stream()
            .flatMap(format -> format.anchors().stream().map(anchor -> new Candidate(format, anchor))).toList();

    public static List<Match> find(String text) {
        // Where each anchor occurs, as (position << 8 | candidate): String.indexOf is vectorised, so a
        // pass per anchor beats one character loop over megabytes of output.
        long[] hits = new long[16];
        int count = 0;
        for (int c = 0; c < CANDIDATES.size(); c++) {
            String anchor = CANDIDATES.get(c).anchor();
            for (int at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
                if (count == hits.length) {
                    hits = Arrays.copyOf(hits, count * 2);
                }
                hits[count++] = ((long) at << 8) | c;
            }
        }
        if (count == 0) {
            return List.of();
        }
        Arrays.sort(hits, 0, count);
        List<Match> matches = new ArrayList<>();
        int skipUntil = 0;
        for (int i = 0; i < count; i++) {
            int at = (int) (hits[i] >>> 8);
            if (at < skipUntil) {
                continue;
            }
            Format format = CANDIDATES.get((int) (hits[i] & 0xFF)).format();
            Matcher matcher = format.pattern().matcher(text).useTransparentBounds(true)
                    .region(at, Math.min(text.length(), at + MAX_LENGTH));
            if (matcher.lookingAt()) {
                matches.add(new Match(format.kind(), matcher.start(), matcher.end()));
                skipUntil = matcher.end();
            }
        }
        return matches;
    }
}
