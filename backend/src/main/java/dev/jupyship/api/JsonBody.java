package dev.jupyship.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jupyship.errors.BadInput;
import dev.jupyship.errors.DomainError;
import dev.jupyship.json.Jsons;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A JSON request body read into the route's request record by the one JSON mapper ({@link Jsons}).
 * Before mapping, each field is checked against its component's type, so a wrong-typed field is a
 * 400 that names it and says what it must be and what it is ({@code 'path' must be a string, not
 * an array}), never a value Jackson coerced nor a 500. An empty body is {@code {}}; fields the
 * record does not have are ignored, and an absent or null field is null (false for a boolean).
 */
final class JsonBody {

    private JsonBody() {
    }

    static <R extends Record> R read(byte[] bytes, Class<R> type) {
        JsonNode body;
        try {
            body = bytes.length == 0 ? Jsons.MAPPER.createObjectNode() : Jsons.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new BadInput("the body is not JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw new BadInput("the body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.isObject()) {
            throw new BadInput("the body must be a JSON object: " + fields(type));
        }
        for (RecordComponent component : type.getRecordComponents()) {
            check(component.getName(), component.getGenericType(), body.get(component.getName()));
        }
        try {
            return reader(type).treeToValue((ObjectNode) body, type);
        } catch (IOException | IllegalArgumentException e) {
            if (e.getCause() instanceof DomainError && e.getCause() instanceof RuntimeException refusal) {
                throw refusal;  // the record's own check of its values
            }
            String why = e instanceof JsonProcessingException jackson ? jackson.getOriginalMessage() : e.getMessage();
            throw new BadInput("the body does not fit " + fields(type) + ": " + why);
        }
    }

    private static ObjectReader reader(Class<?> type) {
        return Jsons.MAPPER.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** {path, ref, parameters}: what the route takes, for a body that is not an object. */
    private static String fields(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", ", "{", "}"));
    }

    private static void check(String field, Type type, JsonNode value) {
        Expected expected = expected(type);
        if (value == null || value.isNull() || expected.fits().test(value)) {
            return;
        }
        if (value.isArray() && expected.item() != null) {  // a list with an item of the wrong kind: name it
            int number = 1;
            for (JsonNode each : value) {
                if (!expected.item().fitsItem(each)) {
                    throw new BadInput("'" + field + "' must be " + expected.words() + ": item " + number + " is "
                            + (each.isNull() ? "null" : kind(each)));
                }
                number++;
            }
        }
        throw new BadInput("'" + field + "' must be " + expected.words() + ", not " + kind(value));
    }

    /** What a field of this type must be: in words, as a test, and for a list, what its items must be. */
    private record Expected(String words, Predicate<JsonNode> fits, Expected item) {
        static final Expected ANYTHING = new Expected("any JSON", value -> true, null);

        /** An item may be null only where anything goes: a list of strings holds strings. */
        boolean fitsItem(JsonNode value) {
            return value.isNull() ? this == ANYTHING : fits.test(value);
        }
    }

    private static Expected expected(Type type) {
        Class<?> raw = raw(type);
        if (raw == String.class) {
            return new Expected("a string", JsonNode::isTextual, null);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return new Expected("true or false", JsonNode::isBoolean, null);
        }
        if (raw == Integer.class || raw == int.class) {
            return new Expected("a whole number", value -> value.isIntegralNumber() && value.canConvertToInt(), null);
        }
        if (raw == Long.class || raw == long.class) {
            return new Expected("a whole number", value -> value.isIntegralNumber() && value.canConvertToLong(), null);
        }
        if (Number.class.isAssignableFrom(raw) || raw == double.class) {
            return new Expected("a number", JsonNode::isNumber, null);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return new Expected("an object of name: value", JsonNode::isObject, null);
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Expected item = type instanceof ParameterizedType generic ? expected(generic.getActualTypeArguments()[0]) : Expected.ANYTHING;
            String words = item == Expected.ANYTHING ? "a list" : item.words().matches("an? \\w+") ? "a list of "
                    + item.words().replaceFirst("^an? ", "") + "s" : "a list, each item " + item.words();
            return new Expected(words, value -> value.isArray() && all(value, item), item);
        }
        return Expected.ANYTHING;  // JsonNode, Object; a record or an enum: Jackson says what is wrong
    }

    private static boolean all(JsonNode list, Expected item) {
        for (JsonNode each : list) {
            if (!item.fitsItem(each)) {
                return false;
            }
        }
        return true;
    }

    /** What a JSON value is, in the words of a message. */
    static String kind(JsonNode value) {
        if (value.isTextual()) {
            return "a string";
        }
        return value.isArray() ? "an array" : value.isObject() ? "an object" : value.isBoolean() ? "true or false" : "a number";
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> plain) {
            return plain;
        }
        return Object.class;
    }
}
