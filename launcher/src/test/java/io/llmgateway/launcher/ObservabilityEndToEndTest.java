package io.llmgateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmgateway.common.config.GatewayConfig;
import io.llmgateway.schemas.Json;
import io.llmgateway.testkit.KafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * What an operator sees of requests just made through the whole gateway: the meters every
 * Grafana query reads, and the console page in a real browser (Debian's headless Chromium driven
 * through chromedriver by Selenium; skipped where those are not installed).
 */
class ObservabilityEndToEndTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Path DASHBOARD = Path.of("../deploy/grafana/dashboards/llm-gateway.json");
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static DevGateway gateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Request id to the answer's usage, as the mock provider counted it. */
    private static final Map<String, JsonNode> MADE = new LinkedHashMap<>();

    @BeforeAll
    static void startGatewayAndMakeRequests() throws Exception {
        GatewayConfig config = GatewayConfig.load(Path.of("../config/gateway.example.yaml"));
        gateway = DevGateway.start(config, new DevGateway.Options(KAFKA.bootstrapServers(), null, 0, 0),
                Clock.systemUTC());
        String[][] requests = {
                {"sk-gw-demo-acme", "gpt-4o-mini", "What is the boiling point of water at sea level in Celsius?", "false"},
                {"sk-gw-demo-acme", "gpt-4o-mini", "Write a haiku about Kafka partitions.", "true"},
                {"sk-gw-demo-globex", "mock-echo", "Translate 'good morning' into French.", "false"},
                {"sk-gw-demo-acme", "gpt-4o-mini", "What is the boiling point of water at sea level in Celsius?", "false"},
        };
        for (String[] request : requests) {
            chat(request[0], request[1], request[2], Boolean.parseBoolean(request[3]));
        }
    }

    private static void chat(String key, String model, String prompt, boolean stream) throws Exception {
        String body = Json.MAPPER.writeValueAsString(Map.of("model", model, "stream", stream,
                "stream_options", Map.of("include_usage", true),
                "messages", List.of(Map.of("role", "user", "content", prompt))));
        if (!stream) {
            body = body.replace(",\"stream_options\":{\"include_usage\":true}", "")
                    .replace("\"stream_options\":{\"include_usage\":true},", "");
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                        + gateway.ingressPort() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String requestId = response.headers().firstValue("x-request-id").orElseThrow();
        JsonNode usage = null;
        if (stream) {
            for (String line : response.body().split("\n")) {
                if (line.startsWith("data: {") && line.contains("\"usage\":{")) {
                    usage = Json.MAPPER.readTree(line.substring("data: ".length())).path("usage");
                }
            }
        } else {
            usage = Json.MAPPER.readTree(response.body()).path("usage");
        }
        MADE.put(requestId, usage);
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static String admin(int port, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + gateway.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** The overview once accounting has charged every request made. */
    private static JsonNode chargedOverview() throws Exception {
        long until = System.nanoTime() + WAIT.toNanos();
        while (true) {
            JsonNode overview = Json.MAPPER.readTree(admin(gateway.accountingPort(), "/console/api/overview"));
            Set<String> charged = new TreeSet<>();
            overview.path("recent").forEach(row -> {
                if (!row.path("cost_usd").isNull()) {
                    charged.add(row.path("request_id").asText());
                }
            });
            if (charged.containsAll(MADE.keySet())) {
                return overview;
            }
            assertThat(System.nanoTime()).as("every request charged in the console, saw " + overview).isLessThan(until);
            Thread.sleep(200);
        }
    }

    @Test
    void theOverviewHoldsEachRequestWithItsTokensCostAndTheTenantsSpend() throws Exception {
        JsonNode overview = chargedOverview();
        for (Map.Entry<String, JsonNode> made : MADE.entrySet()) {
            JsonNode row = request(overview, made.getKey());
            assertThat(row.path("input_tokens").asInt()).isEqualTo(made.getValue().path("prompt_tokens").asInt());
            assertThat(row.path("output_tokens").asInt()).isEqualTo(made.getValue().path("completion_tokens").asInt());
            // gpt-4o-mini has a list price; mock-echo has none, and an answer from the cache uses no tokens
            boolean priced = row.path("model").asText().equals("gpt-4o-mini") && !row.path("cache").asText().contains("hit");
            assertThat(row.path("cost_usd").decimalValue().signum()).as(row.toString()).isEqualTo(priced ? 1 : 0);
            assertThat(row.toString()).doesNotContain("boiling").doesNotContain("haiku");
        }
        JsonNode acme = tenantSpend(overview, "acme");
        assertThat(acme.path("spent_today_usd").decimalValue()).isPositive();
        assertThat(acme.path("daily_budget_usd").decimalValue()).isEqualByComparingTo("20");
        assertThat(acme.path("requests_per_minute_limit").asInt()).isEqualTo(600);
        assertThat(overview.path("latency").path("latency_p50_ms").isNumber()).isTrue();
        assertThat(overview.path("latency").path("ttft_p50_ms").isNumber()).as("the streamed request's TTFT").isTrue();
        assertThat(overview.path("breakers").toString()).contains("closed");
        assertThat(overview.path("providers").toString()).contains("\"provider\":\"mock\"");
    }

    /** The request's row among the latest requests. */
    private static JsonNode request(JsonNode overview, String requestId) {
        for (JsonNode row : overview.path("recent")) {
            if (row.path("request_id").asText().equals(requestId)) {
                return row;
            }
        }
        throw new AssertionError("no request " + requestId + " in " + overview.path("recent"));
    }

    /** The tenant's own spend row (not one of its projects'). */
    private static JsonNode tenantSpend(JsonNode overview, String tenant) {
        for (JsonNode row : overview.path("spend")) {
            if (row.path("tenant").asText().equals(tenant) && !row.hasNonNull("project")) {
                return row;
            }
        }
        throw new AssertionError("no spend of tenant " + tenant + " in " + overview.path("spend"));
    }

    @Test
    void everyDashboardQueryNamesAMetricTheGatewayExposes() throws Exception {
        chargedOverview(); // the cost meter counts once accounting charged
        Set<String> exposed = new TreeSet<>();
        String scrape = admin(gateway.management().port(), "/metrics");
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                exposed.add(line.split("[{ ]", 2)[0]);
            }
        }
        List<String> missing = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : Json.MAPPER.readTree(Files.readString(DASHBOARD)).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries++;
                for (String metric : PromQl.metricNames(target.path("expr").asText())) {
                    if (!exposed.contains(metric)) {
                        missing.add(panel.path("title").asText() + ": " + metric);
                    }
                }
            }
        }
        assertThat(queries).isGreaterThan(10);
        // Every stage's consumer lag, in the one registry of the process (tag keys agree across
        // binders); per-partition lag meters appear at the binders' next refresh after assignment.
        GatewayConfig config = gateway.config();
        for (String group : List.of(config.accounting().applicationId(), config.cache().groupId(),
                config.router().groupId())) {
            String lag = "kafka_consumer_fetch_manager_records_lag_max{";
            await(() -> {
                try {
                    return admin(gateway.management().port(), "/metrics").lines()
                            .anyMatch(line -> line.startsWith(lag) && line.contains("group=\"" + group + "\""));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "consumer lag of group " + group);
        }
        assertThat(missing).as("metrics the dashboard reads that no service exposes").isEmpty();
    }

    @Test
    void theConsoleShowsTheRequestsJustMadeInARealBrowser() throws Exception {
        Path chromium = Path.of(System.getProperty("console.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("console.chromedriver", "/usr/bin/chromedriver"));
        assumeTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver),
                "no headless browser: install Debian's chromium and chromium-driver (" + chromium + ", "
                        + chromedriver + ") to run the console's browser test");
        JsonNode overview = chargedOverview();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--window-size=1400,1900", "--hide-scrollbars");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            // The token travels in the fragment: the browser never sends it to the server, the page
            // moves it to session storage and off the address bar.
            browser.get("http://127.0.0.1:" + gateway.accountingPort() + "/console/#token=" + gateway.adminToken());
            for (Map.Entry<String, JsonNode> made : MADE.entrySet()) {
                String row = "#recent tr[data-request-id='" + made.getKey() + "']";
                await(() -> !browser.findElements(By.cssSelector(row)).isEmpty(),
                        "the console lists request " + made.getKey());
                List<String> cells = cellTexts(browser, row);
                JsonNode expected = request(overview, made.getKey());
                assertThat(cells.get(2)).isEqualTo(expected.path("tenant").asText());
                assertThat(cells.get(4)).isEqualTo(expected.path("model").asText());
                assertThat(cells.get(8)).isEqualTo(made.getValue().path("prompt_tokens").asText());
                assertThat(cells.get(9)).isEqualTo(made.getValue().path("completion_tokens").asText());
                assertThat(cells.get(10))
                        .isEqualTo(expected.path("cost_usd").decimalValue().setScale(6, java.math.RoundingMode.HALF_UP)
                                .toPlainString());
            }
            String acme = "#spend tr[data-scope='acme']";
            await(() -> !browser.findElements(By.cssSelector(acme)).isEmpty(), "the console shows acme's spend");
            assertThat(String.join(" ", cellTexts(browser, acme))).contains("$20.00").contains("/ 600");
            assertThat(browser.getCurrentUrl()).doesNotContain("token");
            assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("boiling");
            byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
            Files.write(Path.of("target/console.png"), png);
            String copy = System.getProperty("console.screenshot");
            if (copy != null) {
                Files.write(Path.of(copy), png);
            }
        } finally {
            browser.quit();
        }
    }

    /** The texts of a table row's cells, read in one go: the page redraws its tables every few seconds. */
    @SuppressWarnings("unchecked")
    private static List<String> cellTexts(WebDriver browser, String rowSelector) {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return Array.from(document.querySelector(arguments[0]).cells).map(c => c.textContent)", rowSelector);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(until);
            Thread.sleep(100);
        }
    }

    /** Metric names in a PromQL expression: what is left once labels, ranges, functions and numbers are gone. */
    static final class PromQl {

        private static final Set<String> WORDS = Set.of("sum", "max", "min", "avg", "count", "rate", "irate",
                "increase", "histogram_quantile", "by", "without", "ignoring", "on", "group_left", "group_right",
                "and", "or", "unless", "bool", "topk", "bottomk", "abs", "clamp_min", "clamp_max", "delta", "deriv");

        static List<String> metricNames(String expr) throws IOException {
            String stripped = expr.replaceAll("\\{[^}]*}", " ")
                    .replaceAll("\\[[^]]*]", " ")
                    .replaceAll("(?:by|without|ignoring|on|group_left|group_right)\\s*\\([^)]*\\)", " ")
                    .replaceAll("\"[^\"]*\"", " ");
            List<String> names = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*").matcher(stripped);
            while (m.find()) {
                if (!WORDS.contains(m.group())) {
                    names.add(m.group());
                }
            }
            if (names.isEmpty()) {
                throw new IOException("no metric in " + expr);
            }
            return names;
        }
    }
}
