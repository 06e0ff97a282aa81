package io.bloatscope.testapps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The realistic workload of the peer benchmark: a fixed number of "requests" to an order service
 * built on real libraries. Each request is a JSON order written and parsed with Jackson, stored in
 * an embedded H2 database (in memory), priced by a SQL query, answered with a JSON response that is
 * gzip-compressed as an HTTP server would. Every 500th request also runs a report query over the
 * worker's recent orders. Old orders are deleted as new ones arrive, so the working set is fixed.
 * Expected verdict: <b>HEALTHY</b>: bounded tables, garbage only.
 *
 * <p>It idles {@code --idle-millis} before the work (so that agents instrumenting after start-up have
 * finished), serves {@code --warmup} requests (so the JIT has compiled the service, and the figure
 * is that of a warmed-up service, not of compilation), then {@code --requests} requests on
 * {@code --threads} threads (after a line {@code MEASURING}, which marks the phase for a benchmark
 * watching the output), and prints the {@link WorkCpu} line for those, whose checksum (the sum of
 * the response sizes) is the same on every run. With {@code --phases N} it instead serves N
 * measured phases in the same JVM, each on a {@code GO <label>} line on standard input, so that a
 * benchmark can attach and stop an agent between them (see {@code AttachPhasesBenchmark}).
 */
public final class OrderService {
    private static final int ITEMS_PER_ORDER = 12;
    private static final int KEPT_ORDERS = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("requests", 20_000L, "warmup", 10_000L,
                "threads", 2L, "idle-millis", 3_000L, "phases", 0L, "settle", 10_000L));
        int threads = (int) args.positive("threads");
        long requests = args.get("requests");
        String url = "jdbc:h2:mem:orders;DB_CLOSE_DELAY=-1";
        try (Connection setup = DriverManager.getConnection(url); Statement ddl = setup.createStatement()) {
            ddl.execute("CREATE TABLE orders(id BIGINT PRIMARY KEY, customer VARCHAR(40), region VARCHAR(8))");
            ddl.execute("CREATE TABLE items(order_id BIGINT, sku VARCHAR(16), qty INT, price DECIMAL(10,2))");
            ddl.execute("CREATE INDEX items_order ON items(order_id)");
            Thread.sleep(args.get("idle-millis"));
            serveOnWorkers(url, threads, 0, args.get("warmup"));
            if (args.get("phases") > 0) {
                servePhases(url, threads, args.get("warmup"), args.get("settle"), requests, args.get("phases"));
                return;
            }
            System.out.println("MEASURING");
            System.out.flush();
            WorkCpu cpu = WorkCpu.start();
            cpu.report(serveOnWorkers(url, threads, args.get("warmup"), requests));
        }
    }

    /**
     * Measured phases in one warmed-up JVM, each started by a line {@code GO <label>} on standard
     * input (after which a benchmark may have attached or stopped an agent): {@code settle}
     * unmeasured requests, so the JIT recompiles what an attach or detach invalidated, then
     * {@code requests} measured ones, reported as {@code PHASE <label> CPU work=...}.
     */
    private static void servePhases(String url, int threads, long firstId, long settle, long requests, long phases)
            throws Exception {
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        long next = firstId;
        System.out.println("READY phases=" + phases);
        System.out.flush();
        for (long phase = 0; phase < phases; phase++) {
            String line = commands.readLine();
            if (line == null || !line.startsWith("GO ")) {
                return;
            }
            serveOnWorkers(url, threads, next, settle);
            next += settle;
            WorkCpu cpu = WorkCpu.start();
            long checksum = serveOnWorkers(url, threads, next, requests);
            next += requests;
            System.out.print("PHASE " + line.substring(3).trim() + " ");
            cpu.report(checksum);
        }
    }

    /** Serves order ids {@code first} to {@code first + count - 1} on new worker threads; returns the checksum. */
    private static long serveOnWorkers(String url, int threads, long first, long count) throws Exception {
        AtomicLong checksum = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int worker = t;
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url)) {
                    checksum.addAndGet(serve(connection, worker, threads, first, first + count));
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "order-worker-" + t);
            workers.add(thread);
            thread.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a worker failed", failures.get(0));
        }
        return checksum.get();
    }

    /**
     * Serves the orders in [{@code first}, {@code end}) whose id is {@code worker} modulo
     * {@code threads}; returns the sum of the gzipped response sizes.
     */
    private static long serve(Connection db, int worker, int threads, long first, long end) throws Exception {
        SplittableRandom random = new SplittableRandom(worker + first);
        long sum = 0;
        try (PreparedStatement insertOrder = db.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)");
                PreparedStatement insertItem = db.prepareStatement("INSERT INTO items VALUES (?, ?, ?, ?)");
                PreparedStatement price = db.prepareStatement(
                        "SELECT SUM(qty * price), COUNT(*) FROM items WHERE order_id = ?");
                PreparedStatement deleteItems = db.prepareStatement("DELETE FROM items WHERE order_id = ?");
                PreparedStatement deleteOrder = db.prepareStatement("DELETE FROM orders WHERE id = ?");
                PreparedStatement report = db.prepareStatement(
                        "SELECT o.region, COUNT(DISTINCT o.id), SUM(i.qty * i.price) FROM orders o "
                                + "JOIN items i ON i.order_id = o.id WHERE MOD(o.id, ?) = ? GROUP BY o.region ORDER BY 3 DESC, 1")) {
            // Each worker reports on and deletes only its own orders, so its responses (and the
            // checksum) do not depend on how the threads interleave.
            report.setLong(1, threads);
            report.setLong(2, worker);
            for (long id = first + worker; id < end; id += threads) {
                byte[] request = JSON.writeValueAsBytes(newOrder(id, random));
                JsonNode order = JSON.readTree(request);
                store(order, insertOrder, insertItem);
                ObjectNode response = JSON.createObjectNode();
                response.put("orderId", id);
                price.setLong(1, id);
                try (ResultSet rows = price.executeQuery()) {
                    rows.next();
                    response.put("total", rows.getBigDecimal(1));
                    response.put("items", rows.getInt(2));
                }
                if (id % 500 == worker) { // id - worker is a multiple of threads
                    ArrayNode regions = response.putArray("regions");
                    try (ResultSet rows = report.executeQuery()) {
                        while (rows.next()) {
                            regions.addObject().put("region", rows.getString(1)).put("orders", rows.getLong(2));
                        }
                    }
                }
                long old = id - (long) KEPT_ORDERS * threads;
                if (old >= 0) {
                    deleteItems.setLong(1, old);
                    deleteItems.executeUpdate();
                    deleteOrder.setLong(1, old);
                    deleteOrder.executeUpdate();
                }
                sum += gzip(JSON.writeValueAsBytes(response)).length;
            }
        }
        return sum;
    }

    private static ObjectNode newOrder(long id, SplittableRandom random) {
        ObjectNode order = JSON.createObjectNode();
        order.put("id", id);
        order.put("customer", "customer-" + random.nextInt(5_000));
        order.put("region", "r" + random.nextInt(16));
        ArrayNode items = order.putArray("items");
        for (int i = 0; i < ITEMS_PER_ORDER; i++) {
            items.addObject()
                    .put("sku", "sku-" + random.nextInt(100_000))
                    .put("qty", 1 + random.nextInt(9))
                    .put("price", random.nextInt(1, 100_000) / 100.0);
        }
        return order;
    }

    private static void store(JsonNode order, PreparedStatement insertOrder, PreparedStatement insertItem)
            throws SQLException {
        long id = order.get("id").asLong();
        insertOrder.setLong(1, id);
        insertOrder.setString(2, order.get("customer").asText());
        insertOrder.setString(3, order.get("region").asText());
        insertOrder.executeUpdate();
        for (JsonNode item : order.get("items")) {
            insertItem.setLong(1, id);
            insertItem.setString(2, item.get("sku").asText());
            insertItem.setInt(3, item.get("qty").asInt());
            insertItem.setBigDecimal(4, item.get("price").decimalValue());
            insertItem.addBatch();
        }
        insertItem.executeBatch();
    }

    private static byte[] gzip(byte[] body) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 2 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(body);
        }
        return out.toByteArray();
    }
}
