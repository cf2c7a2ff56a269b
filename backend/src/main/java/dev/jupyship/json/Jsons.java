package dev.jupyship.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jupyship.errors.BadInput;
import dev.jupyship.notebook.JsonNumber;
import java.io.IOException;

/**
 * The one Jackson mapper for JSON that is not a notebook or a run manifest: API bodies, ruff's and
 * papermill's output, metrics files, the CLI's JSON. Notebook numbers keep their text; instants are
 * ISO-8601 text, as run manifests have them. Also reads
 * the fields of a JSON body the same way for every route.
 */
public final class Jsons {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jupyship").addSerializer(JsonNumber.class, new StdSerializer<>(JsonNumber.class) {
                @Override
                public void serialize(JsonNumber value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                    generator.writeNumber(value.lexeme());
                }
            }))
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Jsons() {
    }

    /** A request body's text field, or null when absent or null; {@link BadInput} when it is not a string. */
    public static String text(com.fasterxml.jackson.databind.JsonNode body, String field) {
        com.fasterxml.jackson.databind.JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            String kind = value.isArray() ? "an array" : value.isObject() ? "an object" : value.isBoolean() ? "true or false" : "a number";
            throw new BadInput("'" + field + "' must be a string, not " + kind);
        }
        return value.asText();
    }

    /** A request body's {@code parameters} object as plain values by name (empty when absent). */
    public static java.util.Map<String, Object> parameters(com.fasterxml.jackson.databind.JsonNode body) {
        java.util.Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        com.fasterxml.jackson.databind.JsonNode given = body.get("parameters");
        if (given != null && !given.isNull()) {
            if (!given.isObject()) {
                throw new BadInput("'parameters' must be an object of name: value");
            }
            given.fields().forEachRemaining(field -> parameters.put(field.getKey(), MAPPER.convertValue(field.getValue(), Object.class)));
        }
        return parameters;
    }
}
