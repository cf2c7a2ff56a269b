package dev.jupyship.lint;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * The prose of each rule, {@code lint-rules/<ID>.md} (shipped inside the jar), as Markdown and as
 * HTML rendered by commonmark for the lint panel. Raw HTML in a doc is escaped, not passed through.
 */
public final class RuleDocs {

    private static final Parser PARSER = Parser.builder().build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
    private static final Map<String, String> HTML = new ConcurrentHashMap<>();

    private RuleDocs() {
    }

    /** The Markdown of a rule's doc, or null when the jar has none. */
    public static String markdown(String ruleId) {
        try (InputStream in = RuleDocs.class.getResourceAsStream("/lint-rules/" + ruleId + ".md")) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The doc rendered to HTML (cached), or null. */
    public static String html(String ruleId) {
        String markdown = markdown(ruleId);
        return markdown == null ? null : HTML.computeIfAbsent(ruleId, id -> RENDERER.render(PARSER.parse(markdown)));
    }
}
