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
        switch (this) {
            case OLD_POOL:
                SnapshotRecords.oldPool(values, out);
                break;
            case COLLECTOR:
                SnapshotRecords.collector(values, out);
                break;
            case BUFFER_POOL:
                SnapshotRecords.bufferPool(values, out);
                break;
            case NMT_CATEGORY:
                SnapshotRecords.nmtCategory(values, out);
                break;
            case LIVE_SET:
                SnapshotRecords.liveSet(values, out);
                break;
            default:
                throw new IllegalStateException(name());
        }
    }
}
