package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Reading and checking a forked app's snapshot file. */
final class Runs {
    private Runs() {
    }

    static SnapshotRun read(Path file) throws IOException {
        SnapshotRun run = SnapshotRun.read(file);
        assertFalse(run.headers().isEmpty(), "no header in " + file);
        return run;
    }

    static Map<String, Object> first(SnapshotRun run) {
        return run.snapshots().get(0);
    }

    static Map<String, Object> last(SnapshotRun run) {
        List<Map<String, Object>> snapshots = run.snapshots();
        return snapshots.get(snapshots.size() - 1);
    }

    static long number(Object json, String path) {
        long value = Fields.getLong(json, path, Long.MIN_VALUE);
        assertTrue(value != Long.MIN_VALUE, "missing number " + path + " in " + json);
        return value;
    }

    /** Growth of a field from the first to the last snapshot. */
    static long growth(SnapshotRun run, String path) {
        return number(last(run), path) - number(first(run), path);
    }

    /** The committed bytes of an NMT category in a snapshot, e.g. "Other". */
    static long nmtCommitted(Map<String, Object> snapshot, String category) {
        Map<?, ?> entry = Fields.find(snapshot, "nmt.categories", "name", category);
        assertTrue(entry != null, "no NMT category " + category + " in " + Fields.get(snapshot, "nmt"));
        return ((Number) entry.get("committedBytes")).longValue();
    }

    static long directBufferCount(Map<String, Object> snapshot) {
        Map<?, ?> direct = Fields.find(snapshot, "buffers", "name", "direct");
        assertTrue(direct != null, "no direct buffer pool in " + Fields.get(snapshot, "buffers"));
        return ((Number) direct.get("count")).longValue();
    }
}
