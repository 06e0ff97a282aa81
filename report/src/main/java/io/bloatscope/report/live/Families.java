package io.bloatscope.report.live;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects metric families by name while one snapshot is read, then builds client_java's
 * immutable {@link MetricSnapshots}. A data point with the same labels as an earlier one of its
 * family is dropped (the model refuses duplicates, and a scrape must never fail on one).
 */
final class Families {
    private final Map<String, GaugeSnapshot.Builder> gauges = new LinkedHashMap<>();
    private final Map<String, CounterSnapshot.Builder> counters = new LinkedHashMap<>();
    private final Map<String, SummarySnapshot.Builder> summaries = new LinkedHashMap<>();
    private final Map<String, java.util.Set<Labels>> seen = new LinkedHashMap<>();

    /** A gauge in bytes: the name ends with {@code _bytes}, the unit is declared for OpenMetrics. */
    Families bytes(String name, String help, double value, String... labels) {
        return gauge(name, help, Unit.BYTES, value, labels);
    }

    Families gauge(String name, String help, double value, String... labels) {
        return gauge(name, help, null, value, labels);
    }

    Families seconds(String name, String help, double value, String... labels) {
        return gauge(name, help, Unit.SECONDS, value, labels);
    }

    private Families gauge(String name, String help, Unit unit, double value, String... labelPairs) {
        Labels labels = Labels.of(labelPairs);
        if (!fresh(name, labels)) {
            return this;
        }
        GaugeSnapshot.Builder family = gauges.computeIfAbsent(name, n -> {
            GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(n).help(help);
            return unit == null ? b : b.unit(unit);
        });
        family.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        return this;
    }

    /** A counter; {@code name} without {@code _total}, which the writers add. */
    Families counter(String name, String help, double value, String... labelPairs) {
        Labels labels = Labels.of(labelPairs);
        if (fresh(name, labels)) {
            counters.computeIfAbsent(name, n -> CounterSnapshot.builder().name(n).help(help))
                    .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build());
        }
        return this;
    }

    /** A summary with count and sum only (no quantiles), as client_java's GC metric. */
    Families summary(String name, String help, long count, double sum, String... labelPairs) {
        Labels labels = Labels.of(labelPairs);
        if (fresh(name, labels)) {
            summaries.computeIfAbsent(name, n -> SummarySnapshot.builder().name(n).help(help).unit(Unit.SECONDS))
                    .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels).count(count).sum(sum)
                            .build());
        }
        return this;
    }

    private boolean fresh(String name, Labels labels) {
        return seen.computeIfAbsent(name, n -> new java.util.HashSet<>()).add(labels);
    }

    MetricSnapshots build() {
        MetricSnapshots.Builder all = MetricSnapshots.builder();
        gauges.values().forEach(b -> all.metricSnapshot(b.build()));
        counters.values().forEach(b -> all.metricSnapshot(b.build()));
        summaries.values().forEach(b -> all.metricSnapshot(b.build()));
        return all.build();
    }
}
