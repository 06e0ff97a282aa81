package io.bloatscope.agent.metrics;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The metrics of one snapshot, immutable, ready to be written in the format a scraper asks for. The
 * report classes in the same jar build it ({@link LiveModel}); the endpoint only writes it.
 */
public interface Exposition {
    /** The content type answered for this {@code Accept} header (OpenMetrics 1.0 or Prometheus text 0.0.4). */
    String contentType(String accept);

    void write(String accept, OutputStream out) throws IOException;
}
