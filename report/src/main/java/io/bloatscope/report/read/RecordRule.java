package io.bloatscope.report.read;

/**
 * What one object of a record array (or a single record object) contributes to the row, once its
 * {@link RecordSlot}s are read: the part of a field table that is a decision, not a path (the old
 * generation's pool is found by name, collectors' counts are summed, NMT categories are grouped).
 * Applied to every element, objects without the slots included (all slots then absent). The rules
 * are {@link SnapshotRecords}' methods, named here and chosen by a switch rather than by a virtual
 * call: a call site that sees five implementations is not inlined, and the light scan of every line
 * of a long run goes through it.
 */
enum RecordRule {
    OLD_POOL, COLLECTOR, BUFFER_POOL, NMT_CATEGORY, LIVE_SET;

    void apply(RecordValues values, ColumnBlock out) {
        switch (ordinal()) { // not switch (this), which goes through a synthetic lookup array
            case 0:
                SnapshotRecords.oldPool(values, out);
                break;
            case 1:
                SnapshotRecords.collector(values, out);
                break;
            case 2:
                SnapshotRecords.bufferPool(values, out);
                break;
            case 3:
                SnapshotRecords.nmtCategory(values, out);
                break;
            default:
                SnapshotRecords.liveSet(values, out);
        }
    }
}
