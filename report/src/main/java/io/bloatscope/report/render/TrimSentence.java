package io.bloatscope.report.render;

import io.bloatscope.report.model.TrimEstimate;

/**
 * The trim estimate as one sentence, in every report whatever the verdict: a healthy-looking run
 * can still hold memory a {@code malloc_trim} would give back, and a run where it cannot be
 * estimated says why rather than leaving the reader to assume zero.
 */
final class TrimSentence {
    private TrimSentence() {
    }

    static String of(TrimEstimate trim) {
        String sentence = malloc(trim);
        if (trim == null || trim.allocatorPurge == null || trim.allocatorPurge.bytes == null) {
            return sentence;
        }
        TrimEstimate purge = trim.allocatorPurge;
        String range = purge.low != null && purge.high != null
                ? HumanUnits.bytes(purge.low) + "–" + HumanUnits.bytes(purge.high) + "; " : "";
        return sentence + " The allocator's own purge would give back about " + HumanUnits.bytes(purge.bytes) + " now ("
                + range + "basis: " + purge.basis + ").";
    }

    private static String malloc(TrimEstimate trim) {
        if (trim == null) {
            return "What a malloc trim would give back was not estimated.";
        }
        if (trim.bytes == null) {
            return "What a malloc trim would give back is unknown: " + trim.basis + ".";
        }
        String range = trim.low != null && trim.high != null
                ? HumanUnits.bytes(trim.low) + "–" + HumanUnits.bytes(trim.high) + "; " : "";
        return "A malloc trim would give back about " + HumanUnits.bytes(trim.bytes) + " now (" + range + "basis: "
                + trim.basis + ").";
    }
}
