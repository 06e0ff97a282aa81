package io.bloatscope.report.render;

import io.bloatscope.report.model.Series;
import java.util.List;

/**
 * One or more series of the same unit as lines in inline SVG, for the evidence behind a verdict
 * (e.g. heap used after GC, arena RSS). Each line is downsampled on its own (min and max per
 * bucket), so a spike survives in a week-long run.
 */
final class SeriesChart {
    static final int HEIGHT = 240;
    static final String[] COLOURS = {"#c0392b", "#2e6fb0", "#2e8b57", "#8e44ad", "#d68910", "#566573"};

    private SeriesChart() {
    }

    /** Null when no series has a point to draw. */
    static String svg(List<Series> series) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.values.length; i++) {
                if (Double.isFinite(s.values[i])) {
                    start = Math.min(start, s.timesMillis[i]);
                    end = Math.max(end, s.timesMillis[i]);
                    min = Math.min(min, s.values[i]);
                    max = Math.max(max, s.values[i]);
                }
            }
        }
        if (start == Long.MAX_VALUE) {
            return null;
        }
        // Bytes and counts start at zero so growth is seen in proportion, not magnified.
        Plot plot = new Plot(HEIGHT, start, end, Math.min(0, min), max, series.get(0).unit);
        StringBuilder svg = new StringBuilder(16 * 1024);
        StringBuilder names = new StringBuilder();
        for (Series s : series) {
            names.append(names.length() == 0 ? "" : ", ").append(s.name);
        }
        plot.open(svg, "Line chart: " + names);
        plot.axes(svg);
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            int[] drawn = Downsample.minMax(s.values.length, i -> s.timesMillis[i],
                    i -> Double.isFinite(s.values[i]) ? s.values[i] : 0, plot.buckets());
            svg.append("<polyline class=\"series\" fill=\"none\" stroke=\"").append(COLOURS[k % COLOURS.length])
                    .append("\" stroke-width=\"1.8\" points=\"");
            boolean first = true;
            for (int i : drawn) {
                if (!Double.isFinite(s.values[i])) {
                    continue;
                }
                svg.append(first ? "" : " ").append(Plot.f(plot.x(s.timesMillis[i]))).append(',')
                        .append(Plot.f(plot.y(s.values[i])));
                first = false;
            }
            svg.append("\"><title>").append(HtmlText.escape(s.name)).append("</title></polyline>");
            if (s.values.length == 1 && Double.isFinite(s.values[0])) {
                svg.append("<circle r=\"3\" fill=\"").append(COLOURS[k % COLOURS.length]).append("\" cx=\"")
                        .append(Plot.f(plot.x(s.timesMillis[0]))).append("\" cy=\"").append(Plot.f(plot.y(s.values[0])))
                        .append("\"/>");
            }
        }
        svg.append("</svg>");
        return svg.toString();
    }
}
