package io.bloatscope.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /metrics} on the JDK's own HTTP server. A scrape writes the {@link Exposition} the
 * metrics thread last published: it reads one volatile reference, never waits for the sampler and
 * never starts a sample. Every other path is 404 and every method but GET and HEAD 405; nothing
 * else is served (no command line, options, paths or header fields).
 *
 * <p>The server must be started from a daemon thread: its dispatcher thread inherits the daemon
 * flag from the thread that starts it, and a non-daemon dispatcher would keep the JVM alive after
 * the application's last thread ended. Requests run on one daemon thread with a queue of 8 (a
 * flood of scrapers runs the surplus on the dispatcher instead of queueing without bound).
 */
final class MetricsEndpoint implements AutoCloseable {
    static final String PATH = "/metrics";

    private final HttpServer server;
    private final ThreadPoolExecutor handlers;

    private MetricsEndpoint(HttpServer server, ThreadPoolExecutor handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Binds and starts; call on a daemon thread. */
    static MetricsEndpoint start(InetSocketAddress address, Supplier<Exposition> latest) throws IOException {
        HttpServer server = HttpServer.create(address, 16);
        ThreadPoolExecutor handlers = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(8),
                runnable -> {
                    Thread thread = new Thread(runnable, "bloatscope-metrics-http");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
        handlers.allowCoreThreadTimeOut(true);
        server.setExecutor(handlers);
        server.createContext("/", exchange -> serve(exchange, latest));
        server.start();
        return new MetricsEndpoint(server, handlers);
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void serve(HttpExchange exchange, Supplier<Exposition> latest) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals(PATH)) {
                plain(exchange, 404, "bloatscope serves " + PATH + " only\n");
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                plain(exchange, 405, "GET or HEAD only\n");
                return;
            }
            Exposition exposition = latest.get();
            if (exposition == null) {
                plain(exchange, 503, "no snapshot yet: the first one comes within one sampling interval\n");
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            exchange.getResponseHeaders().set("Content-Type", exposition.contentType(accept));
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, 0); // chunked: the payload is streamed as it is written
            try (OutputStream body = exchange.getResponseBody()) {
                exposition.write(accept, body);
            }
        } catch (Throwable failure) {
            // A scraper that hung up, or a bug of ours: neither may reach the application.
        }
    }

    private static void plain(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
