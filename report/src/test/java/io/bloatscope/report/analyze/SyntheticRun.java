package io.bloatscope.report.analyze;

import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/** A run built from formulas per column, for detector tests: one snapshot per step. */
final class SyntheticRun {
    static final double MB = 1 << 20;

    private final Map<Column, LongToDoubleFunction> columns = new EnumMap<>(Column.class);
    private final Map<String, Object> header = new LinkedHashMap<>();
    private int snapshots = 600;
    private long stepMillis = 1000;

    SyntheticRun() {
        header.put("type", "header");
        header.put("schema", 1L);
        header.put("jvm", new LinkedHashMap<>(Map.of("version", "17.0.15+6", "feature", 17L)));
        header.put("nmt", Map.of("mode", "summary"));
        header.put("gc", List.of("G1 Young Generation", "G1 Old Generation"));
        header.put("inputArguments", List.of());
        // a healthy baseline JVM: flat everything
        set(Column.RSS, t -> 400 * MB);
        set(Column.RSS_ANON, t -> 370 * MB);
        set(Column.RSS_FILE, t -> 30 * MB);
        set(Column.HEAP_USED, t -> 100 * MB + (t % 10_000) / 10_000.0 * 100 * MB); // sawtooth
        set(Column.HEAP_COMMITTED, t -> 256 * MB);
        set(Column.HEAP_MAX, t -> 1024 * MB);
        set(Column.OLD_USED, t -> 80 * MB);
        set(Column.GC_COUNT, t -> t / 10_000);
        set(Column.OLD_GC_COUNT, t -> 0);
        set(Column.METASPACE_USED, t -> 40 * MB);
        set(Column.CLASS_SPACE_USED, t -> 5 * MB);
        set(Column.CLASSES_LOADED, t -> 8000);
        set(Column.THREADS_LIVE, t -> 40);
        set(Column.DIRECT_USED, t -> 1 * MB);
        set(Column.DIRECT_COUNT, t -> 10);
        set(Column.NMT_COMMITTED, t -> 350 * MB);
        set(Column.NMT_MALLOC, t -> 20 * MB);
        set(Column.NMT_HEAP, t -> 256 * MB);
        set(Column.NMT_CLASS, t -> 46 * MB);
        set(Column.NMT_CODE, t -> 20 * MB);
        set(Column.NMT_THREAD, t -> 42 * MB);
        set(Column.NMT_THREAD_STACK, t -> 40 * MB);
        set(Column.NMT_GC, t -> 30 * MB);
        set(Column.NMT_OTHER, t -> 2 * MB);
        set(Column.NMT_REST, t -> 10 * MB);
    }

    SyntheticRun set(Column column, LongToDoubleFunction valueAtMillis) {
        columns.put(column, valueAtMillis);
        return this;
    }

    SyntheticRun without(Column column) {
        columns.remove(column);
        return this;
    }

    SyntheticRun header(String key, Object value) {
        header.put(key, value);
        return this;
    }

    SyntheticRun snapshots(int n, long stepMillis) {
        this.snapshots = n;
        this.stepMillis = stepMillis;
        return this;
    }

    RunColumns build() {
        RunColumns.Builder b = new RunColumns.Builder().header(header);
        for (int i = 0; i < snapshots; i++) {
            long t = i * stepMillis;
            b.row(1_700_000_000_000L + t);
            for (Map.Entry<Column, LongToDoubleFunction> e : columns.entrySet()) {
                double value = e.getValue().applyAsDouble(t);
                if (!Double.isNaN(value)) { // NaN: not read in this snapshot
                    b.set(e.getKey(), Math.round(value));
                }
            }
        }
        return b.build();
    }
}
