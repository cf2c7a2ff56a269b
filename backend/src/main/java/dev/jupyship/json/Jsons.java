package dev.jupyship.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.jupyship.notebook.JsonNumber;
import java.io.IOException;

/**
 * The one Jackson mapper for JSON that is not a notebook or a run manifest: API bodies, ruff's and
 * papermill's output, metrics files, the CLI's JSON. Notebook numbers keep their text; instants are
 * ISO-8601 text, as run manifests have them.
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
}
