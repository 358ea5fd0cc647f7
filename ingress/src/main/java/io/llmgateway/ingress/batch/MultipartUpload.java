package io.llmgateway.ingress.batch;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.llmgateway.ingress.ApiError;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * Reads a {@code multipart/form-data} upload ({@code POST /v1/files}) with Apache Commons
 * FileUpload, streaming: the file part is read into memory up to {@code maxBytes}, form fields as
 * text.
 *
 * @param fields the text fields by name
 * @param filename the file part's file name
 * @param content the file part's bytes; null when the upload has no file part
 */
record MultipartUpload(Map<String, String> fields, String filename, byte[] content) {

    static MultipartUpload read(ServerRequest req, long maxBytes) throws IOException {
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            throw ApiError.invalidRequest(null, "Upload the file as multipart/form-data with the fields 'purpose' and"
                    + " 'file'.");
        }
        Parser parser = new Parser();
        parser.setMaxSize(maxBytes);
        Map<String, String> fields = new HashMap<>();
        String filename = null;
        byte[] content = null;
        try (InputStream body = req.content().inputStream()) {
            FileItemInputIterator items = parser.getItemIterator(new Context(contentType,
                    req.headers().contentLength().orElse(-1), body));
            while (items.hasNext()) {
                FileItemInput item = items.next();
                try (InputStream in = item.getInputStream()) {
                    // The file part by its name: an SDK may send it without a file name, as a plain field.
                    if ("file".equals(item.getFieldName())) {
                        filename = item.getName();
                        content = in.readAllBytes();
                    } else if (item.isFormField()) {
                        fields.put(item.getFieldName(), new String(in.readNBytes(64 * 1024),
                                java.nio.charset.StandardCharsets.UTF_8));
                    } else {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    }
                }
            }
        } catch (FileUploadSizeException e) {
            throw new ApiError(413, "invalid_request_error", "file", "file_too_large",
                    "The file is larger than the limit of " + maxBytes + " bytes.", null);
        } catch (FileUploadException e) {
            throw ApiError.invalidRequest(null, "The multipart upload could not be read: " + e.getMessage());
        }
        return new MultipartUpload(Map.copyOf(fields), filename, content);
    }

    private record Context(String contentType, long contentLength, InputStream body) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return "UTF-8";
        }

        @Override
        public long getContentLength() {
            return contentLength;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /** FileUpload's parser without a servlet: only its streaming iterator is used. */
    private static final class Parser extends AbstractFileUpload<Object, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(Object request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Object request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DiskFileItem> parseRequest(Object request) {
            throw new UnsupportedOperationException();
        }
    }
}
