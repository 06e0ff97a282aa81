package io.bloatscope.report.live;

import io.bloatscope.report.read.Fields;
import java.util.List;
import java.util.Map;

/**
 * The conventional JVM and process metrics, named as Prometheus client_java 1.x's JVM
 * instrumentation names them (so existing dashboards chart them), read from one snapshot line: the
 * figures are the sampler's, never read again at scrape time. A section the snapshot lacks gives no
 * series rather than a zero.
 */
final class JvmFigures {
    private JvmFigures() {
    }

    static void add(Map<String, Object> snapshot, Families out) {
        long virtual = Fields.getLong(snapshot, "process.vmSizeBytes", -1);
        if (virtual >= 0) {
            out.bytes("process_virtual_memory_bytes", "Virtual memory size in bytes.", virtual);
        }
        area(snapshot, "heap", "heap", out);
        area(snapshot, "nonHeap", "nonheap", out);
        pools(snapshot, "heap.pools", true, out);
        pools(snapshot, "nonHeap.pools", false, out);
        for (Map<?, ?> buffer : objects(snapshot, "buffers")) {
            String pool = String.valueOf(buffer.get("name"));
            positive(out, "jvm_buffer_pool_used_bytes", "Used bytes of a given JVM buffer pool.", buffer.get("usedBytes"),
                    "pool", pool);
            positive(out, "jvm_buffer_pool_capacity_bytes", "Bytes capacity of a given JVM buffer pool.",
                    buffer.get("capacityBytes"), "pool", pool);
            if (buffer.get("count") instanceof Number) {
                out.gauge("jvm_buffer_pool_used_buffers", "Used buffers of a given JVM buffer pool.",
                        ((Number) buffer.get("count")).doubleValue(), "pool", pool);
            }
        }
        long threads = Fields.getLong(snapshot, "threads.live", -1);
        if (threads >= 0) {
            out.gauge("jvm_threads_current", "Current thread count of a JVM.", threads);
            out.gauge("jvm_threads_daemon", "Daemon thread count of a JVM.", Fields.getLong(snapshot, "threads.daemon", 0));
            out.gauge("jvm_threads_peak", "Peak thread count of a JVM.", Fields.getLong(snapshot, "threads.peak", 0));
            out.counter("jvm_threads_started", "Started thread count of a JVM.",
                    Fields.getLong(snapshot, "threads.totalStarted", 0));
        }
        long classes = Fields.getLong(snapshot, "classes.loaded", -1);
        if (classes >= 0) {
            out.gauge("jvm_classes_currently_loaded", "The number of classes that are currently loaded in the JVM.",
                    classes);
            out.counter("jvm_classes_loaded", "The total number of classes that have been loaded since the JVM has "
                    + "started execution.", Fields.getLong(snapshot, "classes.totalLoaded", 0));
            out.counter("jvm_classes_unloaded", "The total number of classes that have been unloaded since the JVM "
                    + "has started execution.", Fields.getLong(snapshot, "classes.unloaded", 0));
        }
        for (Map<?, ?> collector : objects(snapshot, "gc.collectors")) {
            if (collector.get("count") instanceof Number && collector.get("timeMillis") instanceof Number) {
                out.summary("jvm_gc_collection_seconds", "Time spent in a given JVM garbage collector in seconds.",
                        ((Number) collector.get("count")).longValue(),
                        ((Number) collector.get("timeMillis")).doubleValue() / 1000.0,
                        "gc", String.valueOf(collector.get("name")));
            }
        }
        for (Map<?, ?> category : objects(snapshot, "nmt.categories")) {
            String pool = String.valueOf(category.get("name"));
            positive(out, "jvm_native_memory_committed_bytes", "Committed bytes of a given JVM. Committed memory "
                    + "represents the amount of memory the JVM is using right now.", category.get("committedBytes"),
                    "pool", pool);
            positive(out, "jvm_native_memory_reserved_bytes", "Reserved bytes of a given JVM. Reserved memory "
                    + "represents the total amount of memory the JVM can potentially use.", category.get("reservedBytes"),
                    "pool", pool);
        }
    }

    private static void area(Map<String, Object> snapshot, String section, String area, Families out) {
        long used = Fields.getLong(snapshot, section + ".usedBytes", -1);
        if (used < 0) {
            return;
        }
        out.bytes("jvm_memory_used_bytes", "Used bytes of a given JVM memory area.", used, "area", area);
        positive(out, "jvm_memory_committed_bytes", "Committed (bytes) of a given JVM memory area.",
                Fields.get(snapshot, section + ".committedBytes"), "area", area);
        positive(out, "jvm_memory_max_bytes", "Max (bytes) of a given JVM memory area.",
                Fields.get(snapshot, section + ".maxBytes"), "area", area);
    }

    private static void pools(Map<String, Object> snapshot, String path, boolean heap, Families out) {
        for (Map<?, ?> pool : objects(snapshot, path)) {
            String name = String.valueOf(pool.get("name"));
            positive(out, "jvm_memory_pool_used_bytes", "Used bytes of a given JVM memory pool.", pool.get("usedBytes"),
                    "pool", name);
            positive(out, "jvm_memory_pool_committed_bytes", "Committed bytes of a given JVM memory pool.",
                    pool.get("committedBytes"), "pool", name);
            positive(out, "jvm_memory_pool_max_bytes", "Max bytes of a given JVM memory pool.", pool.get("maxBytes"),
                    "pool", name);
            if (heap) {
                positive(out, "jvm_memory_pool_collection_used_bytes", "Used bytes after last collection of a given "
                        + "JVM memory pool.", pool.get("usedAfterGcBytes"), "pool", name);
            }
        }
    }

    /** A byte gauge when the value is a number of at least 0 (the JVM says -1 for "undefined"). */
    private static void positive(Families out, String name, String help, Object value, String... labels) {
        if (value instanceof Number && ((Number) value).longValue() >= 0) {
            out.bytes(name, help, ((Number) value).doubleValue(), labels);
        }
    }

    static List<Map<?, ?>> objects(Map<String, Object> snapshot, String path) {
        List<Map<?, ?>> out = new java.util.ArrayList<>();
        for (Object element : Fields.getList(snapshot, path)) {
            if (element instanceof Map) {
                out.add((Map<?, ?>) element);
            }
        }
        return out;
    }
}
