package io.bloatscope.report.read;

import java.nio.charset.StandardCharsets;

/**
 * A member a {@link RecordRule} needs from each object of a record array (a pool, a collector, an
 * NMT category): read as a number, or kept as its raw text (quotes included) for the rule to match.
 */
final class RecordSlot {
    final byte[] key;
    final boolean text;

    private RecordSlot(String name, boolean text) {
        this.key = name.getBytes(StandardCharsets.UTF_8);
        this.text = text;
    }

    static RecordSlot number(String name) {
        return new RecordSlot(name, false);
    }

    static RecordSlot text(String name) {
        return new RecordSlot(name, true);
    }
}
