package io.bloatscope.report.read;

/**
 * What one object of a record array (or a single record object) contributes to the row, once its
 * {@link RecordSlot}s are read: the part of the table that is a decision, not a path (the old
 * generation's pool is found by name, collectors' counts are summed, NMT categories are grouped).
 * Called for every element, objects without the slots included (all slots then absent).
 */
interface RecordRule {
    void apply(RecordValues values, ColumnBlock out);
}
