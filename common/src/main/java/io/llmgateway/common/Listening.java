package io.llmgateway.common;

import io.helidon.webserver.WebServer;

/**
 * Starts an HTTP server and makes sure it listens. Helidon's {@link WebServer#start()} does not
 * throw when its port is taken: it logs the bind failure and returns a server that is not
 * running. A service that went on from there would look started and answer nothing (or let
 * whatever holds the port answer in its place), so this throws instead, naming the address and
 * the setting that chose it.
 */
public final class Listening {

    private Listening() {}

    /**
     * @param setting the config setting (or option) that chose {@code port}, for the message
     * @return the running server
     * @throws IllegalStateException when the server does not listen
     */
    public static WebServer start(WebServer server, String host, int port, String setting) {
        server.start();
        if (!server.isRunning()) {
            server.stop();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ", set by " + setting
                    + ": the port is taken or the address is not available. Set " + setting
                    + " to a free port (0 picks any free one).");
        }
        return server;
    }
}
