package io.llmgateway.ingress.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.llmgateway.ingress.ApiError;
import io.llmgateway.ingress.ApiKeyAuthenticator;
import io.llmgateway.ingress.Caller;
import io.llmgateway.ingress.batch.BatchJobs.BatchJob;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI's Batch API and the file routes it needs, as the official SDKs call them:
 * {@code POST /v1/files}, {@code GET /v1/files/{id}}, {@code GET /v1/files/{id}/content},
 * {@code POST /v1/batches}, {@code GET /v1/batches}, {@code GET /v1/batches/{id}},
 * {@code POST /v1/batches/{id}/cancel}. A tenant sees only its own files and jobs (another's
 * answer 404, as unknown ones do).
 */
public final class BatchRoutes {

    /** The largest input file {@code POST /v1/files} takes (within what the web server reads at all). */
    public static final long MAX_FILE_BYTES = 16L * 1024 * 1024;
    /** The endpoints a batch may target. */
    static final Set<String> ENDPOINTS = Set.of("/v1/chat/completions");
    private static final HeaderName X_API_KEY = HeaderNames.create("x-api-key");
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final BatchContext batches;
    private final ApiKeyAuthenticator authenticator;
    private final long maxFileBytes;

    /** @param maxFileBytes the largest upload taken (at most what the web server reads: see {@link #MAX_FILE_BYTES}) */
    public BatchRoutes(BatchContext batches, ApiKeyAuthenticator authenticator, long maxFileBytes) {
        this.batches = batches;
        this.authenticator = authenticator;
        this.maxFileBytes = maxFileBytes;
    }

    public void register(HttpRouting.Builder routing) {
        routing.post("/v1/files", this::upload)
                .get("/v1/files/{id}/content", this::content)
                .get("/v1/files/{id}", this::file)
                .post("/v1/batches", this::create)
                .get("/v1/batches", this::list)
                .get("/v1/batches/{id}", this::retrieve)
                .post("/v1/batches/{id}/cancel", this::cancel);
    }

    private void upload(ServerRequest req, ServerResponse res) throws IOException {
        Caller caller = caller(req);
        MultipartUpload upload = MultipartUpload.read(req, maxFileBytes);
        String purpose = upload.fields().get("purpose");
        if (!FileObject.PURPOSE_BATCH.equals(purpose)) {
            throw ApiError.invalidRequest("purpose", "Only purpose 'batch' is supported by this gateway.");
        }
        if (upload.content() == null) {
            throw ApiError.invalidRequest("file", "The upload has no 'file' part.");
        }
        String filename = upload.filename() == null || upload.filename().isBlank() ? "input.jsonl" : upload.filename();
        json(res, batches.files().store(caller.tenantId(), BatchIds.file(), filename, purpose, upload.content(),
                batches.clock().millis() / 1000));
    }

    private void file(ServerRequest req, ServerResponse res) {
        json(res, storedFile(req).file());
    }

    private void content(ServerRequest req, ServerResponse res) {
        BatchFiles.StoredFile stored = storedFile(req);
        byte[] content = batches.files().content(stored)
                .orElseThrow(() -> ApiError.unavailable("The file is not fully read yet; retry shortly."));
        res.header(HeaderNames.CONTENT_TYPE, "application/octet-stream");
        res.send(content);
    }

    private BatchFiles.StoredFile storedFile(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return batches.files().find(caller(req).tenantId(), id).orElseThrow(() -> notFound("file", id));
    }

    private void create(ServerRequest req, ServerResponse res) throws IOException {
        Caller caller = caller(req);
        JsonNode body;
        try {
            body = BatchJson.MAPPER.readTree(req.content().inputStream().readNBytes(64 * 1024));
        } catch (IOException e) {
            throw ApiError.invalidRequest(null, "The request body is not valid JSON.");
        }
        if (body == null || !body.isObject()) {
            throw ApiError.invalidRequest(null, "The request body must be a JSON object.");
        }
        String inputFileId = text(body, "input_file_id");
        String endpoint = text(body, "endpoint");
        if (!ENDPOINTS.contains(endpoint)) {
            throw ApiError.invalidRequest("endpoint", "Only these endpoints are supported: " + ENDPOINTS + ".");
        }
        if (!BatchContext.COMPLETION_WINDOW.equals(text(body, "completion_window"))) {
            throw ApiError.invalidRequest("completion_window", "completion_window must be '24h'.");
        }
        json(res, batches.create(caller, inputFileId, endpoint, metadata(body.get("metadata"))).batch());
    }

    private void retrieve(ServerRequest req, ServerResponse res) {
        json(res, job(req).batch());
    }

    private void cancel(ServerRequest req, ServerResponse res) {
        json(res, batches.cancel(job(req)).batch());
    }

    private void list(ServerRequest req, ServerResponse res) {
        Caller caller = caller(req);
        String after = req.query().first("after").orElse(null);
        int limit = req.query().first("limit").map(BatchRoutes::limit).orElse(DEFAULT_LIMIT);
        // One more than asked tells whether there are more.
        List<BatchObject> page = batches.jobs().list(caller.tenantId(), after, limit + 1).stream()
                .map(BatchJob::batch).toList();
        List<BatchObject> data = page.subList(0, Math.min(limit, page.size()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", data);
        body.put("first_id", data.isEmpty() ? null : data.getFirst().id());
        body.put("last_id", data.isEmpty() ? null : data.getLast().id());
        body.put("has_more", page.size() > limit);
        json(res, body);
    }

    private BatchJob job(ServerRequest req) {
        String id = req.path().pathParameters().get("id");
        return batches.jobs().find(caller(req).tenantId(), id).orElseThrow(() -> notFound("batch", id));
    }

    private Caller caller(ServerRequest req) {
        return authenticator.authenticate(req.headers().first(HeaderNames.AUTHORIZATION), req.headers().first(X_API_KEY));
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.invalidRequest("limit", "limit must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual() || value.textValue().isBlank()) {
            throw ApiError.invalidRequest(field, "Missing required parameter: '" + field + "'.");
        }
        return value.textValue();
    }

    private static Map<String, String> metadata(JsonNode metadata) {
        if (metadata == null || metadata.isNull()) {
            return null;
        }
        if (!metadata.isObject() || metadata.size() > 16) {
            throw ApiError.invalidRequest("metadata", "metadata must be an object of at most 16 string values.");
        }
        Map<String, String> values = new LinkedHashMap<>();
        metadata.properties().forEach(entry -> {
            if (!entry.getValue().isTextual() || entry.getKey().length() > 64 || entry.getValue().textValue().length() > 512) {
                throw ApiError.invalidRequest("metadata", "metadata values must be strings (keys up to 64 characters,"
                        + " values up to 512).");
            }
            values.put(entry.getKey(), entry.getValue().textValue());
        });
        return values;
    }

    private static ApiError notFound(String what, String id) {
        String shown = id.length() > 100 ? id.substring(0, 100) + "..." : id;
        return new ApiError(404, "invalid_request_error", null, "not_found",
                "No " + what + " found with id '" + shown + "'.", null);
    }

    private static void json(ServerResponse res, Object value) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(BatchJson.write(value));
    }
}
