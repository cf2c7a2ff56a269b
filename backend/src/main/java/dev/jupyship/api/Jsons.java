package dev.jupyship.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.jupyship.notebook.JsonNumber;
import java.io.IOException;

/** The one Jackson mapper for API bodies; notebook numbers keep their text. */
public final class Jsons {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("jupyship").addSerializer(JsonNumber.class, new StdSerializer<>(JsonNumber.class) {
                @Override
                public void serialize(JsonNumber value, JsonGenerator generator, SerializerProvider provider) throws IOException {
                    generator.writeNumber(value.lexeme());
                }
            }))
            .build();

    private Jsons() {
    }
}
