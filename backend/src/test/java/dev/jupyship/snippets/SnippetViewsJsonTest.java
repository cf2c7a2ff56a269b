package dev.jupyship.snippets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jupyship.json.Jsons;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The snippet views' records write the JSON the extension reads: these fields, in this order. */
class SnippetViewsJsonTest {

    private static final Snippet SNIPPET = new Snippet("save-model", "Save the model", "Pickles it.", "", List.of("io"), "training", "1.2",
            List.of("joblib"), List.of(), true, List.of(
                    new SnippetCell(SnippetCell.Kind.MARKDOWN, "## Save", List.of(), 3),
                    new SnippetCell(SnippetCell.Kind.CODE, "import joblib\njoblib.dump(model, 'm.pkl')", List.of("save"), 5),
                    new SnippetCell(SnippetCell.Kind.CHECK_SETUP, "model = 1", List.of(), 9)),
            "platform/save-model.md", "platform", Map.of());

    private static String json(Object value) throws Exception {
        return Jsons.MAPPER.writeValueAsString(value);
    }

    @Test
    void aSummaryHasItsScoreOnlyWithAQuery() throws Exception {
        String fields = "\"id\":\"save-model\",\"title\":\"Save the model\",\"description\":\"Pickles it.\",\"category\":\"training\","
                + "\"tags\":[\"io\"],\"version\":\"1.2\",\"source\":\"platform\"";
        assertEquals("{" + fields + "}", json(SnippetViews.summary(SNIPPET, null)));
        assertEquals("{" + fields + ",\"score\":0.123}", json(SnippetViews.summary(SNIPPET, 0.12345)));
    }

    @Test
    void aDetailIsTheSummaryThenWhatItInserts() throws Exception {
        String detail = json(SnippetViews.detail(SNIPPET)).replaceAll("\"id\":\"[0-9a-f]{8}\"", "\"id\":\"ID\"");
        assertEquals("{\"id\":\"save-model\",\"title\":\"Save the model\",\"description\":\"Pickles it.\",\"category\":\"training\","
                + "\"tags\":[\"io\"],\"version\":\"1.2\",\"source\":\"platform\",\"descriptionHtml\":\"<p>Pickles it.</p>\\n\","
                + "\"packages\":[\"joblib\"],\"requires\":[],\"uses\":[\"model\"],\"file\":\"platform/save-model.md\",\"cells\":["
                + "{\"cell_type\":\"markdown\",\"id\":\"ID\",\"metadata\":{\"jupyship\":{\"snippet\":\"save-model\",\"version\":\"1.2\"}},"
                + "\"source\":[\"## Save\"]},"
                + "{\"cell_type\":\"code\",\"id\":\"ID\",\"metadata\":{\"tags\":[\"save\"],\"jupyship\":{\"snippet\":\"save-model\",\"version\":\"1.2\"}},"
                + "\"source\":[\"import joblib\\n\",\"joblib.dump(model, 'm.pkl')\"],\"execution_count\":null,\"outputs\":[]}]}",
                detail);
    }
}
