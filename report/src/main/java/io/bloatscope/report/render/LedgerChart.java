package io.bloatscope.report.render;

import io.bloatscope.report.model.Capture;
import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import java.util.ArrayList;
import java.util.List;

/**
 * The ledger over time as a stacked area chart in inline SVG: parts in {@link LedgerPart} order
 * from the bottom, {@code UNEXPLAINED} on top and hatched so it cannot be mistaken for a measured
 * part, RSS as a line over the stack. Long runs are downsampled by RSS (the entries with the
 * lowest and highest RSS per bucket), so every drawn column is a real snapshot whose parts add up.
 */
final class LedgerChart {
    static final int HEIGHT = 340;

    private LedgerChart() {
    }

    /** The fill of each part, also used by the legend. */
    static String fill(LedgerPart part) {
        switch (part) {
            case JAVA_HEAP: return "#4e79a7";
            case METASPACE: return "#59a14f";
            case CODE_CACHE: return "#8cd17d";
            case THREAD_STACKS: return "#b07aa1";
            case JVM_INTERNALS: return "#9c755f";
            case JIT_COMPILER: return "#d37295";
            case BUFFERS: return "#f28e2b";
            case MALLOC_IN_USE: return "#e15759";
            case MALLOC_RETAINED: return "#f1ce63";
            case FILES: return "#bab0ac";
            case UNEXPLAINED: return "url(#unexplained-hatch)";
            default: throw new AssertionError(part);
        }
    }

    static String svg(List<LedgerEntry> ledger) {
        return svg(ledger, List.of());
    }

    /** With each capture near the memory limit marked by a dashed vertical line and its threshold. */
    static String svg(List<LedgerEntry> ledger, List<Capture> captures) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (ledger.size() == 1) {
            // One snapshot has no time axis: drawn as a band one second wide so its split shows.
            LedgerEntry only = ledger.get(0);
            entries.add(only);
            entries.add(new LedgerEntry(only.timeMillis + 1000, only.rssBytes, partsOf(only)));
        } else {
            entries.addAll(ledger);
        }
        long start = entries.get(0).timeMillis;
        long end = entries.get(entries.size() - 1).timeMillis;
        double max = 0;
        for (LedgerEntry entry : entries) {
            max = Math.max(max, Math.max(entry.rssBytes, total(entry)));
        }
        Plot plot = new Plot(HEIGHT, start, end, 0, max, "bytes");
        int[] drawn = Downsample.minMax(entries.size(), i -> entries.get(i).timeMillis,
                i -> entries.get(i).rssBytes, plot.buckets());

        StringBuilder svg = new StringBuilder(64 * 1024);
        plot.open(svg, "Stacked area chart: RSS split into ledger parts over time");
        svg.append("<defs><pattern id=\"unexplained-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d9d4d0\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#6b6560\" stroke-width=\"2.5\"/></pattern></defs>");
        plot.axes(svg);
        double[] below = new double[drawn.length];
        for (LedgerPart part : LedgerPart.values()) {
            double[] above = new double[drawn.length];
            boolean any = false;
            for (int i = 0; i < drawn.length; i++) {
                long bytes = entries.get(drawn[i]).bytes(part);
                above[i] = below[i] + bytes;
                any |= bytes > 0;
            }
            if (any) {
                svg.append("<path class=\"part part-").append(part.name().toLowerCase(java.util.Locale.ROOT))
                        .append("\" fill=\"").append(fill(part)).append("\" d=\"");
                for (int i = 0; i < drawn.length; i++) {
                    svg.append(i == 0 ? 'M' : 'L').append(Plot.f(plot.x(entries.get(drawn[i]).timeMillis))).append(',')
                            .append(Plot.f(plot.y(above[i])));
                }
                for (int i = drawn.length - 1; i >= 0; i--) {
                    svg.append('L').append(Plot.f(plot.x(entries.get(drawn[i]).timeMillis))).append(',')
                            .append(Plot.f(plot.y(below[i])));
                }
                svg.append("Z\"><title>").append(HtmlText.escape(part.label)).append("</title></path>");
            }
            below = above;
        }
        svg.append("<polyline class=\"rss\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.6\" points=\"");
        for (int i = 0; i < drawn.length; i++) {
            LedgerEntry entry = entries.get(drawn[i]);
            svg.append(i == 0 ? "" : " ").append(Plot.f(plot.x(entry.timeMillis))).append(',')
                    .append(Plot.f(plot.y(entry.rssBytes)));
        }
        svg.append("\"><title>RSS</title></polyline>");
        int number = 1;
        for (Capture capture : captures) {
            if (capture.timeMillis < start || capture.timeMillis > end) {
                number++;
                continue;
            }
            String x = Plot.f(plot.x(capture.timeMillis));
            svg.append("<g class=\"capture\"><line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"")
                    .append(Plot.f(plot.y(0))).append("\" y2=\"").append(Plot.f(plot.y(max)))
                    .append("\" stroke=\"#c0392b\" stroke-width=\"1.4\" stroke-dasharray=\"5,3\"/><text x=\"").append(x)
                    .append("\" y=\"").append(Plot.f(plot.y(max) + 12)).append("\" font-size=\"11\" fill=\"#c0392b\">")
                    .append(Integer.toString(number++)).append(": ").append(Long.toString(Math.round(capture.threshold * 100)))
                    .append("%</text><title>").append(HtmlText.escape("Capture " + (number - 1) + ": "
                            + CaptureText.sentence(capture))).append("</title></g>");
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static long total(LedgerEntry entry) {
        long total = 0;
        for (LedgerPart part : LedgerPart.values()) {
            total += entry.bytes(part);
        }
        return total;
    }

    private static long[] partsOf(LedgerEntry entry) {
        long[] parts = new long[LedgerPart.values().length];
        for (LedgerPart part : LedgerPart.values()) {
            parts[part.ordinal()] = entry.bytes(part);
        }
        return parts;
    }
}
