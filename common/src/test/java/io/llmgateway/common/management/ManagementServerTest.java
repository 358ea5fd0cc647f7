package io.llmgateway.common.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmgateway.common.security.AdminAccess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class ManagementServerTest {

    private static final String TOKEN = "operator-token-0123456789abcdefghijklmnop";

    private static final ManagementRoutes THINGS = routing -> routing
            .get("/admin/things", (req, res) -> res.send("things"))
            .delete("/admin/things/{id}", (req, res) -> res.status(202).send("gone " + req.path().pathParameters().get("id")));

    @Test
    void everyContributedRouteNeedsTheOperatorTokenAndATenantKeyIsNotOne() throws Exception {
        try (ManagementServer server = ManagementServer.builder(AdminAccess.token(TOKEN), "127.0.0.1", 0, "test.port")
                .add(THINGS).start()) {
            URI things = URI.create(server.url() + "/admin/things");
            URI one = URI.create(server.url() + "/admin/things/7");

            assertThat(send(things, "GET", null).statusCode()).isEqualTo(401);
            assertThat(send(one, "DELETE", null).statusCode()).isEqualTo(401);
            HttpResponse<String> wrong = send(things, "GET", "Bearer " + TOKEN.replace('0', '1'));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(wrong.body()).contains("admin_token_required").doesNotContain(TOKEN);
            assertThat(send(things, "GET", "Bearer sk-gw-demo-acme").statusCode()).isEqualTo(401);
            // A path no contribution has is refused the same way: nothing tells what exists.
            assertThat(send(URI.create(server.url() + "/admin/nothing"), "GET", null).statusCode()).isEqualTo(401);

            HttpResponse<String> right = send(things, "GET", "Bearer " + TOKEN);
            assertThat(right.statusCode()).isEqualTo(200);
            assertThat(right.body()).isEqualTo("things");
            HttpResponse<String> deleted = send(one, "DELETE", "Bearer " + TOKEN);
            assertThat(deleted.statusCode()).isEqualTo(202);
            assertThat(deleted.body()).isEqualTo("gone 7");
            assertThat(send(URI.create(server.url() + "/healthz"), "GET", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void withoutATokenItListensOnLoopbackWhateverTheHostSays() {
        try (ManagementServer server = ManagementServer.builder(AdminAccess.loopbackOnly(), "0.0.0.0", 0, "test.port")
                .add(THINGS).start()) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
        }
    }

    @Test
    void aTakenPortNamesItsSetting() {
        try (ManagementServer first = ManagementServer.builder(AdminAccess.token(TOKEN), "127.0.0.1", 0, "a.port")
                .start()) {
            assertThatThrownBy(() -> ManagementServer.builder(AdminAccess.token(TOKEN), "127.0.0.1", first.port(),
                    "management.port").start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("management.port");
        }
    }

    private static HttpResponse<String> send(URI uri, String method, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
