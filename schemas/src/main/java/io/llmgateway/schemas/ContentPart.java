package io.llmgateway.schemas;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One piece of a message's content. Text is the common case; an image is given by URL or inline
 * as base64 with its media type. Every adapter translates parts to its provider's own shape.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ContentPart.Text.class, name = "text"),
        @JsonSubTypes.Type(value = ContentPart.Image.class, name = "image")
})
public sealed interface ContentPart {

    static Text text(String text) {
        return new Text(text);
    }

    /** Plain text. */
    record Text(String text) implements ContentPart {

        public Text {
            Require.nonNull(text, "content.text");
        }
    }

    /**
     * An image: either {@code url} (http(s)), or {@code data} (base64) with {@code mediaType}.
     *
     * @param detail OpenAI's resolution hint (low, high, auto); others ignore it
     */
    record Image(String url, String mediaType, String data, String detail) implements ContentPart {

        public Image {
            boolean byUrl = url != null && !url.isBlank();
            boolean inline = data != null && !data.isBlank();
            if (byUrl == inline) {
                throw new IllegalArgumentException("content.image needs exactly one of url or data");
            }
            if (inline) {
                Require.nonBlank(mediaType, "content.image.media_type");
            }
        }

        public static Image ofUrl(String url) {
            return new Image(url, null, null, null);
        }

        public static Image ofBase64(String mediaType, String data) {
            return new Image(null, mediaType, data, null);
        }

        @JsonIgnore
        public boolean isInline() {
            return data != null;
        }
    }
}
