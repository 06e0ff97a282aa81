package io.bloatscope.agent.write;

import java.nio.ByteBuffer;
import java.util.Base64;
import org.HdrHistogram.AbstractHistogram;

/**
 * Encodes an HdrHistogram as Base64 text for a snapshot field, in HdrHistogram's own V2 binary
 * encoding, so any HdrHistogram (Java, C, Go, Rust...) decodes it with
 * {@code Histogram.decodeFromByteBuffer}.
 *
 * <p>The uncompressed V2 form is chosen over the DEFLATE-compressed one on purpose: its
 * run-length varint encoding is already compact for the sparse histograms we record, and
 * compressing would make zlib allocate native memory in the target on every tick, which is the
 * very thing this agent measures.
 */
public final class HistogramText {
    private ByteBuffer buffer = ByteBuffer.allocate(1024);

    public String encode(AbstractHistogram histogram) {
        int needed = histogram.getNeededByteBufferCapacity();
        if (buffer.capacity() < needed) {
            buffer = ByteBuffer.allocate(needed);
        }
        buffer.clear();
        int length = histogram.encodeIntoByteBuffer(buffer);
        byte[] encoded = new byte[length];
        buffer.flip();
        buffer.get(encoded);
        return Base64.getEncoder().encodeToString(encoded);
    }
}
