package dev.jupyship.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jupyship.errors.BadInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A body that does not fit its request record is a 400 naming the field, what it must be and what it is. */
class JsonBodyTest {

    record Sample(String path, Map<String, Object> parameters, boolean force, Integer limit, List<String> tags) {
    }

    private static Sample read(String body) {
        return JsonBody.read(body.getBytes(StandardCharsets.UTF_8), Sample.class);
    }

    private static String refusal(String body) {
        return assertThrows(BadInput.class, () -> read(body)).getMessage();
    }

    @Test
    void aBodyThatFitsIsTheRecord() {
        assertEquals(new Sample("a.ipynb", Map.of("seed", 3), true, 7, List.of("x")),
                read("{\"path\": \"a.ipynb\", \"parameters\": {\"seed\": 3}, \"force\": true, \"limit\": 7, \"tags\": [\"x\"], \"other\": 1}"));
        assertEquals(new Sample(null, null, false, null, null), read(""), "an empty body is {}");
        assertEquals(new Sample(null, null, false, null, null), read("{\"path\": null, \"force\": null}"), "null is absent");
    }

    @Test
    void aWrongTypedFieldIsNamedWithWhatItMustBe() {
        assertEquals("'path' must be a string, not an array", refusal("{\"path\": [\"a\"]}"));
        assertEquals("'path' must be a string, not a number", refusal("{\"path\": 7}"));
        assertEquals("'force' must be true or false, not a string", refusal("{\"force\": \"yes\"}"));
        assertEquals("'limit' must be a whole number, not a number", refusal("{\"limit\": 1.5}"));
        assertEquals("'limit' must be a whole number, not a number", refusal("{\"limit\": 99999999999}"));
        assertEquals("'parameters' must be an object of name: value, not an array", refusal("{\"parameters\": [1]}"));
        assertEquals("'tags' must be a list of strings, not an object", refusal("{\"tags\": {}}"));
        assertEquals("'tags' must be a list of strings: item 2 is true or false", refusal("{\"tags\": [\"a\", true]}"));
        assertEquals("'tags' must be a list of strings: item 1 is null", refusal("{\"tags\": [null]}"));
    }

    @Test
    void aBodyThatIsNotAnObjectSaysWhatTheRouteTakes() {
        assertEquals("the body must be a JSON object: {path, parameters, force, limit, tags}", refusal("[1]"));
        assertEquals("the body must be a JSON object: {path, parameters, force, limit, tags}", refusal("7"));
        String broken = refusal("{\"path\": 1");
        assertTrue(broken.startsWith("the body is not JSON: ") && broken.endsWith("(line 1, column 11)"), broken);
    }
}
