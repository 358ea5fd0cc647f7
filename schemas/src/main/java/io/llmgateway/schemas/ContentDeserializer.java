package io.llmgateway.schemas;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import java.io.IOException;
import java.util.List;

/**
 * A message's {@code content} as a list of parts; a plain string is read as one text part, so a
 * batch producer may write {@code "content": "Hello"}.
 */
final class ContentDeserializer extends JsonDeserializer<List<ContentPart>> {

    @Override
    public List<ContentPart> deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return List.of(ContentPart.text(parser.getText()));
        }
        JavaType listType = context.getTypeFactory().constructCollectionType(List.class, ContentPart.class);
        return context.readValue(parser, listType);
    }
}
