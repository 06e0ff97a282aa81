package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;
import io.bloatscope.report.read.RunColumns;
import java.util.List;
import java.util.Map;

/** The run as detectors see it: columns, header facts, span, sites, and derived series. */
final class RunView {
    final RunColumns columns;
    final JvmFacts facts;
    final long startMillis;
    final long endMillis;
    /** The allocation sites the agent recorded, {@link SiteIndex#NONE} without site tracking. */
    final SiteIndex sites;

    RunView(RunColumns columns) {
        this(columns, SiteIndex.NONE);
    }

    RunView(RunColumns columns, SiteIndex sites) {
        this.columns = columns;
        this.sites = sites;
        List<Map<String, Object>> headers = columns.headers();
        this.facts = new JvmFacts(headers.isEmpty() ? null : headers.get(headers.size() - 1));
        this.startMillis = columns.size() == 0 ? 0 : columns.timeMillis(0);
        this.endMillis = columns.size() == 0 ? 0 : columns.timeMillis(columns.size() - 1);
    }

    int size() {
        return columns.size();
    }

    long durationMillis() {
        return endMillis - startMillis;
    }

    /** The column's values where present. */
    Points points(Column column) {
        Points.Builder b = new Points.Builder();
        for (int i = 0; i < columns.size(); i++) {
            long v = columns.get(column, i);
            if (v != ABSENT) {
                b.add(columns.timeMillis(i), v);
            }
        }
        return b.build();
    }

    /** a − b where both are present (b absent counts as 0 when {@code bOptional}). */
    Points difference(Column a, Column b, boolean bOptional) {
        Points.Builder out = new Points.Builder();
        for (int i = 0; i < columns.size(); i++) {
            long va = columns.get(a, i);
            long vb = columns.get(b, i);
            if (va != ABSENT && (vb != ABSENT || bOptional)) {
                out.add(columns.timeMillis(i), va - (vb == ABSENT ? 0 : vb));
            }
        }
        return out.build();
    }

    long latest(Column column) {
        for (int i = columns.size() - 1; i >= 0; i--) {
            long v = columns.get(column, i);
            if (v != ABSENT) {
                return v;
            }
        }
        return ABSENT;
    }

    /** The last row at or before {@code timeMillis}, or -1. */
    int latestRowAtOrBefore(long timeMillis) {
        for (int i = columns.size() - 1; i >= 0; i--) {
            if (columns.timeMillis(i) <= timeMillis) {
                return i;
            }
        }
        return -1;
    }

    int latestRowWith(Column column) {
        for (int i = columns.size() - 1; i >= 0; i--) {
            if (columns.has(column, i)) {
                return i;
            }
        }
        return -1;
    }

    long value(Column column, int row) {
        return columns.get(column, row);
    }

    long orZero(Column column, int row) {
        long v = columns.get(column, row);
        return v == ABSENT ? 0 : v;
    }
}
