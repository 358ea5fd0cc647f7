package io.llmgateway.ingress;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a request body into the record of its API, strictly (see the mapper's settings). Errors
 * name the field ({@code param}) and the type it should have, never quote the body back.
 */
final class JsonBodyReader<T> {

    private static final Map<Class<?>, String> TYPE_NAMES = Map.of(
            String.class, "a string",
            Double.class, "a number",
            Integer.class, "an integer",
            Long.class, "an integer",
            Boolean.class, "a boolean");

    private final Class<T> type;
    private final ObjectReader reader;

    JsonBodyReader(ObjectMapper mapper, Class<T> type) {
        this.type = type;
        this.reader = mapper.readerFor(type);
    }

    /**
     * Reads in two steps, so that the error says which kind of mistake it is: first the JSON
     * syntax (any failure there is malformed JSON), then the fields and their types.
     */
    T read(byte[] body) {
        if (body.length == 0) {
            throw ApiError.invalidRequest(null, "The request body is empty: send a JSON object.");
        }
        JsonNode tree = parse(body);
        if (!tree.isObject()) {
            throw ApiError.invalidRequest(null, "The request body must be a JSON object.");
        }
        try {
            return reader.treeToValue(tree, type);
        } catch (MismatchedInputException e) {
            String param = path(e);
            throw ApiError.invalidRequest(param.isEmpty() ? null : param,
                    "Invalid type for '" + param + "': expected " + expected(e.getTargetType()) + ".");
        } catch (InputCoercionException e) {
            // A number out of range of its field (e.g. max_tokens of 1e20).
            throw ApiError.invalidRequest(null, "A number in the request body is out of range: "
                    + e.getTargetType().getSimpleName().toLowerCase(Locale.ROOT) + " expected.");
        } catch (JsonMappingException e) {
            String param = path(e);
            throw ApiError.invalidRequest(param.isEmpty() ? null : param,
                    "Invalid value" + (param.isEmpty() ? "" : " for '" + param + "'") + ".");
        } catch (JacksonException e) {
            throw new IllegalStateException("reading a parsed JSON tree does no parsing", e);
        }
    }

    private JsonNode parse(byte[] body) {
        try {
            return reader.readTree(body);
        } catch (JacksonException e) {
            // Jackson's own message quotes the offending token; only its place is given back.
            String where = e.getLocation() == null ? ""
                    : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw ApiError.invalidRequest(null, "We could not parse the JSON body of your request" + where
                    + ". Send a valid JSON object.");
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array does no I/O", e);
        }
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.isRecord() || Map.class.isAssignableFrom(type)) {
            return "an object";
        }
        return TYPE_NAMES.getOrDefault(type, "another type");
    }

    /** "messages[0].role", as the caller wrote it (snake_case field names). */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.toString();
    }
}
