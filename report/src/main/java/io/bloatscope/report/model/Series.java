package io.bloatscope.report.model;

/** A named time series behind a verdict or chart, e.g. heap used after GC in bytes. */
public final class Series {
    public final String name;
    /** Unit of the values: "bytes", "count", "millis". */
    public final String unit;
    public final long[] timesMillis;
    public final double[] values;

    public Series(String name, String unit, long[] timesMillis, double[] values) {
        if (timesMillis.length != values.length) {
            throw new IllegalArgumentException("one value per time");
        }
        this.name = name;
        this.unit = unit;
        this.timesMillis = timesMillis;
        this.values = values;
    }
}
