package io.bloatscope.report.model;

/**
 * A ledger part a verdict could not judge: which part, why the evidence was missing ("no collection
 * in the last 35 s", "2 smaps reads", "NMT off"), and the one step that would settle it.
 */
public final class NotJudged {
    /** A {@link LedgerPart} name. */
    public final String part;
    public final String reason;
    public final String remedy;

    public NotJudged(LedgerPart part, String reason, String remedy) {
        this.part = part.name();
        this.reason = reason;
        this.remedy = remedy;
    }
}
