package io.llmgateway.launcher;

import io.llmgateway.common.config.ConfigException;
import io.llmgateway.common.config.GatewayConfig;
import java.nio.file.Path;
import io.llmgateway.common.logging.LogFormat;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code ./gateway up}: the whole gateway in one JVM, until Ctrl-C. */
public final class GatewayLauncher {

    private static final Logger log = LoggerFactory.getLogger(GatewayLauncher.class);

    private GatewayLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        LauncherArgs parsed;
        GatewayConfig config;
        try {
            LogFormat.check();
            parsed = LauncherArgs.parse(args);
            if (parsed.help()) {
                System.out.print(LauncherArgs.USAGE);
                return;
            }
            config = GatewayConfig.load(parsed.config());
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("(./gateway --help for usage)");
            System.exit(2);
            return;
        }

        long started = System.nanoTime();
        var options = new DevGateway.Options(parsed.bootstrapServers(), parsed.dataDir(), parsed.port(), null);
        DevGateway gateway;
        try {
            gateway = DevGateway.start(config, options, Clock.systemUTC());
        } catch (RuntimeException e) {
            // What did start was stopped again: no half-started gateway stays up.
            log.error("the gateway did not start", e);
            System.err.println("error: the gateway did not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Path runFile = parsed.runFile();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("stopping the gateway");
            RunState.deleteIfOwn(runFile);
            gateway.close();
            log.info("gateway stopped");
            stopped.countDown();
        }, "gateway-shutdown"));

        String url = "http://127.0.0.1:" + gateway.ingressPort();
        log.info("started in {} ms (Kafka at {})", (System.nanoTime() - started) / 1_000_000,
                gateway.bootstrapServers());
        System.out.println("gateway ready: " + url);
        System.out.println("curl -s " + url + "/v1/chat/completions -H 'Authorization: Bearer sk-gw-demo-acme'"
                + " -H 'Content-Type: application/json'"
                + " -d '{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello through Kafka\"}]}'");
        String tokenVariable = gateway.adminTokenVariable();
        if (gateway.adminTokenGenerated()) {
            // Printed (never logged) once, so the operator can call the admin endpoints of this run.
            System.out.println("admin token: " + tokenVariable + " is not set, this run made one up:"
                    + " export " + tokenVariable + "='" + gateway.adminToken() + "'");
        }
        String management = gateway.management().url();
        System.out.println("management: " + management + " (operator token; every admin route: "
                + "/v1/accounting/tenants/{tenant}, /admin/services, /admin/breakers, /admin/cache/shards,"
                + " DELETE /admin/cache/tenants/{tenant}, /mock/behavior, /mock/stats, /metrics)");
        System.out.println("tenant usage: curl -s " + management + "/v1/accounting/tenants/acme"
                + " -H \"Authorization: Bearer $" + tokenVariable + "\"");
        System.out.println("kafka: " + gateway.bootstrapServers() + " (for batch producers and other tools)");
        new RunState(ProcessHandle.current().pid(), url, management, gateway.bootstrapServers(), parsed.config(),
                tokenVariable).write(parsed.runFile());
        System.out.println("./gateway status, ./gateway costs [--follow]: this run's state, its cost stream"
                + " (addresses in " + parsed.runFile() + ")");
        System.out.println("console: " + management + "/console/ (asks for the operator token once)");
        System.out.println("mock provider: " + gateway.mockProvider().baseUrl());
        System.out.flush();
        stopped.await();
    }
}
