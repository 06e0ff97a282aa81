package io.bloatscope.report.analyze;

import static io.bloatscope.report.read.RunColumns.ABSENT;

import io.bloatscope.report.read.Column;

/**
 * The low point of a series between one collection and the next, for memory that only a
 * collection gives back (mapped buffers are unmapped when the GC collects them, after it has run):
 * between collections such a series climbs by what was dropped as well as by what is kept, so only
 * its troughs tell the two apart, as the heap after GC does for objects. The stretch before the
 * run's first collection has no trough: nothing has yet been given the chance to go.
 */
final class GcTroughs {
    private GcTroughs() {
    }

    static Points of(RunView run, Column column) {
        Points.Builder b = new Points.Builder();
        long interval = ABSENT;
        long firstCount = ABSENT;
        long troughTime = 0;
        double trough = Double.MAX_VALUE;
        for (int i = 0; i < run.size(); i++) {
            long count = run.value(Column.GC_COUNT, i);
            long value = run.value(column, i);
            if (count == ABSENT || value == ABSENT) {
                continue;
            }
            if (firstCount == ABSENT) {
                firstCount = count;
            }
            if (count != interval) {
                if (interval != ABSENT && interval != firstCount) {
                    b.add(troughTime, trough);
                }
                interval = count;
                trough = Double.MAX_VALUE;
            }
            if (value < trough) {
                trough = value;
                troughTime = run.columns.timeMillis(i);
            }
        }
        if (interval != ABSENT && interval != firstCount) {
            b.add(troughTime, trough);
        }
        return b.build();
    }
}
