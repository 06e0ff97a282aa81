package io.bloatscope.report.live;

import io.bloatscope.agent.metrics.Exposition;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One snapshot's metrics in client_java's immutable model, written by client_java's own writers:
 * OpenMetrics 1.0 when the scraper's {@code Accept} asks for it (Prometheus does), the Prometheus
 * text format 0.0.4 otherwise. The writers are built directly, never through
 * {@code ExpositionFormats}, which would read {@code prometheus.properties} and system properties of
 * the application.
 */
final class LiveExposition implements Exposition {
    private static final ExpositionFormatWriter OPEN_METRICS = OpenMetricsTextFormatWriter.create();
    private static final ExpositionFormatWriter TEXT = PrometheusTextFormatWriter.create();

    final MetricSnapshots snapshots;

    LiveExposition(MetricSnapshots snapshots) {
        this.snapshots = snapshots;
    }

    private static ExpositionFormatWriter writer(String accept) {
        return accept != null && OPEN_METRICS.accepts(accept) ? OPEN_METRICS : TEXT;
    }

    @Override
    public String contentType(String accept) {
        return writer(accept).getContentType();
    }

    @Override
    public void write(String accept, OutputStream out) throws IOException {
        writer(accept).write(out, snapshots);
    }
}
