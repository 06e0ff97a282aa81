package io.bloatscope.report.analyze;

import io.bloatscope.report.model.LedgerEntry;
import io.bloatscope.report.model.LedgerPart;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.model.VerdictOrder;
import io.bloatscope.report.read.Column;
import java.util.List;
import java.util.Locale;

/**
 * JIT_COMPILER_MEMORY: the JIT compilers' memory (NMT {@code Compiler} + {@code Arena Chunk}) holds a
 * large share of RSS.
 *
 * <p>How the JVM uses it: each compilation works in arenas that are freed when it ends; a C2
 * compilation of an ordinary method takes 1–10 MB (JDK 25's memstat over javac's hottest methods:
 * 2–9 MB), and a JVM runs two or three C2 threads. So compiler memory above
 * {@link #MIN_BYTES} means at least one unusually large compilation, and it matters when it is a
 * share of RSS ({@link #MIN_SHARE}, the bar {@code NATIVE_HELD} uses). Two shapes:
 * <ul>
 * <li><b>lasting</b>: held through the run's last quarter (compilations that never end, or JDK 17's
 * chunk pool keeping the chunks): a finding, confidence rising with the share;</li>
 * <li><b>a peak</b> given back: not a problem in itself (warm-up), but a container limit sees peaks,
 * and what glibc keeps of the freed arenas stays resident. The verdict is then below the finding bar
 * and says so; {@code MALLOC_BLOAT} and {@code NATIVE_HELD} name the peak as the cause of the freed
 * memory they find.</li>
 * </ul>
 * Snapshots sample the peak: a compilation between two of them can use more than any shows, so
 * where the JDK prints it (17.0.x updates, 25) NMT's own high-water mark of the compiler's arenas
 * is the peak when it is higher.
 * Without NMT compiler memory is malloc like any other: the part is not judged, and not significant
 * on its own (the malloc parts carry it).
 */
final class JitCompilerDetector implements Detector {
    static final long MIN_BYTES = 32L << 20;
    static final double MIN_SHARE = 0.2;
    static final double PEAK_ONLY_CONFIDENCE = 0.4;

    @Override
    public Verdict detect(RunView run, Assessment assessment) {
        if (run.points(Column.NMT_COMMITTED).size == 0) {
            assessment.notJudged(new Assessment.Open(LedgerPart.JIT_COMPILER, "NMT was off: the JIT compilers' arenas are"
                    + " malloc'd by the JVM, so here they are inside malloc in use (or unexplained)",
                    "start the JVM with -XX:NativeMemoryTracking=summary", 0, null, false, new Evidence().map, List.of()));
            return null;
        }
        Points jit = run.points(Column.NMT_JIT);
        if (jit.size < LeakRule.MIN_POINTS) {
            return null; // left to the part's own trend, which says why
        }
        assessment.judged(LedgerPart.JIT_COMPILER, "NMT Compiler and Arena Chunk: its peak and its last quarter");
        int peakRow = -1;
        long peak = -1;
        for (int row = 0; row < run.size(); row++) {
            if (run.columns.has(Column.NMT_JIT, row) && run.columns.has(Column.RSS, row)
                    && run.value(Column.NMT_JIT, row) > peak) {
                peak = run.value(Column.NMT_JIT, row);
                peakRow = row;
            }
        }
        long rssAtPeak = run.value(Column.RSS, peakRow);
        // NMT's own high-water mark sees a compilation that began and ended between two snapshots,
        // which the sampled series can only undercount (CompilerArenas: 17 MB sampled, 60 MB peak).
        int recordedRow = firstRowAtItsHighest(run, Column.NMT_JIT_ARENA_PEAK);
        boolean betweenSnapshots = recordedRow >= 0 && run.value(Column.NMT_JIT_ARENA_PEAK, recordedRow) > peak;
        if (betweenSnapshots) {
            peak = run.value(Column.NMT_JIT_ARENA_PEAK, recordedRow);
            peakRow = recordedRow;
            rssAtPeak = Math.max(rssAtPeak, rssAround(run, recordedRow));
        }
        double peakShare = Math.min(1, peak / (double) rssAtPeak);
        Points recent = jit.from(run.endMillis - run.durationMillis() / 4);
        double heldMin = Double.MAX_VALUE;
        for (int i = 0; i < recent.size; i++) {
            heldMin = Math.min(heldMin, recent.values[i]);
        }
        long rss = run.latest(Column.RSS);
        boolean lasting = heldMin >= MIN_BYTES && heldMin >= MIN_SHARE * rss;
        if (!lasting && (peak < MIN_BYTES || peakShare < MIN_SHARE)) {
            return null;
        }
        double peakSeconds = (run.columns.timeMillis(peakRow) - run.startMillis) / 1000.0;
        String peakClause = "the JIT compiler's peak of " + Sizes.of(peak) + " (" + percent(peakShare) + " of RSS) "
                + String.format(Locale.ROOT, "%.1f s", peakSeconds) + " into the run";
        Evidence e = new Evidence().bytes("compilerPeakBytes", peak).number("compilerPeakSeconds", peakSeconds)
                .number("compilerPeakShareOfRss", peakShare).bytes("rssAtPeakBytes", rssAtPeak)
                .bytes("compilerLatestBytes", jit.last()).bytes("compilerHeldMinBytes", heldMin).bytes("rssBytes", rss);
        double[] keptBytes = {-1};
        String kept = keptAfter(run, e, keptBytes);
        String summary;
        double confidence;
        if (lasting) {
            double share = jit.last() / rss;
            confidence = 0.6 + 0.3 * Stats.ramp(share, MIN_SHARE, 0.5);
            summary = "The JIT compiler holds " + Sizes.of(jit.last()) + " (" + percent(share) + " of RSS) and has held at"
                    + " least " + Sizes.of(heldMin) + " through the last quarter of the run; its peak was " + Sizes.of(peak)
                    + " " + String.format(Locale.ROOT, "%.1f s", peakSeconds) + " into the run" + kept + ".";
        } else {
            assessment.compilerPeakCause = peakClause + ", freed after compiling";
            double keptShare = keptBytes[0] / rss;
            if (keptBytes[0] >= MallocBloatDetector.MIN_RETAINED_BYTES && keptShare >= MallocBloatDetector.MIN_RETAINED_FRACTION) {
                // The arenas were given back to glibc, which keeps them: RSS stays at the peak's level.
                // How sure depends on how the kept memory is known (JDK 17's smaps figure is an upper bound).
                confidence = (0.5 + 0.3 * Stats.ramp(keptShare, MallocBloatDetector.MIN_RETAINED_FRACTION, 0.4))
                        * (run.columns.has(Column.MALLOC_FREE, run.latestRowWith(Column.RSS)) ? 1
                                : 0.6 + 0.4 * Math.min(1, (peak - jit.last()) / keptBytes[0])); // of the upper bound, what NMT saw the compiler free
                summary = "The JIT compiler's peak of " + Sizes.of(peak) + " (" + percent(peakShare) + " of RSS) "
                        + String.format(Locale.ROOT, "%.1f s", peakSeconds) + " into the run was freed after compiling (" + Sizes.of(jit.last())
                        + " at the end), but did not leave RSS" + kept + ".";
            } else {
                confidence = PEAK_ONLY_CONFIDENCE;
                summary = "Only a peak: the JIT compiler used " + Sizes.of(peak) + " (" + percent(peakShare) + " of RSS) "
                    + String.format(Locale.ROOT, "%.1f s", peakSeconds) + " into the run and gave it back (" + Sizes.of(jit.last())
                    + " at the end)" + kept + "; a peak is no leak, but a container limit sees it.";
            }
        }
        e.text("transient", !lasting).text("basis", betweenSnapshots
                ? "NMT's high-water mark of the Compiler arenas (reached between two snapshots; the time is the later one's)"
                : "NMT Compiler + Arena Chunk, committed, sampled at each snapshot (a compilation between two snapshots may use more)");
        return new Verdict(VerdictKind.JIT_COMPILER_MEMORY, confidence, summary, e.map, List.of(),
                Remedies.jitCompiler(run.facts, lasting),
                List.of(DiagnosisSeries.NMT_JIT, DiagnosisSeries.RSS, DiagnosisSeries.MALLOC_RETAINED),
                List.of(LedgerPart.JIT_COMPILER.name()), List.of());
    }

    /** The first row where a never-falling column (a high-water mark) holds its largest value, -1 if it has none. */
    private static int firstRowAtItsHighest(RunView run, Column column) {
        int row = -1;
        for (int i = 0; i < run.size(); i++) {
            if (run.columns.has(column, i) && run.columns.has(Column.RSS, i)
                    && (row < 0 || run.value(column, i) > run.value(column, row))) {
                row = i;
            }
        }
        return row;
    }

    /** The larger RSS of the snapshot and the one before it: the peak lies between them. */
    private static long rssAround(RunView run, int row) {
        long rss = run.value(Column.RSS, row);
        for (int i = row - 1; i >= 0; i--) {
            if (run.columns.has(Column.RSS, i)) {
                return Math.max(rss, run.value(Column.RSS, i));
            }
        }
        return rss;
    }

    /** What glibc keeps at the end, when the ledger measures it: freed arenas do not leave RSS by themselves. */
    private static String keptAfter(RunView run, Evidence e, double[] keptBytes) {
        int row = run.latestRowWith(Column.RSS);
        LedgerEntry latest = new Ledger(run.columns).entry(row);
        if (latest.unmeasured.contains(LedgerPart.MALLOC_RETAINED)) {
            return "";
        }
        long kept = latest.bytes(LedgerPart.MALLOC_RETAINED);
        e.bytes("mallocRetainedAtEndBytes", kept);
        keptBytes[0] = kept;
        boolean bound = !run.columns.has(Column.MALLOC_FREE, row);
        return "; glibc keeps " + (bound ? "up to " : "") + Sizes.of(kept) + " of freed memory resident at the end";
    }

    /**
     * A compiler peak's verdict rests on the freed memory that MALLOC_BLOAT or NATIVE_HELD measure
     * (they name the peak as its cause): it is never surer than they are, so the one that measures the
     * memory comes first and a run without NMT (no peak to name) keeps the same first verdict.
     */
    static List<Verdict> behindItsEffect(List<Verdict> verdicts) {
        double effect = -1;
        for (Verdict v : verdicts) {
            if ((v.kind == VerdictKind.MALLOC_BLOAT && v.evidence.containsKey("cause") && String.valueOf(v.evidence.get("cause")).contains("JIT"))
                    || (v.kind == VerdictKind.NATIVE_HELD && v.evidence.containsKey("keptCause"))) {
                if (v.confidence >= VerdictOrder.FINDING_CONFIDENCE) {
                    effect = Math.max(effect, v.confidence); // a finding that measures the memory: it leads
                }
            }
        }
        List<Verdict> out = new java.util.ArrayList<>();
        for (Verdict v : verdicts) {
            if (v.kind == VerdictKind.JIT_COMPILER_MEMORY && effect >= 0 && Boolean.TRUE.equals(v.evidence.get("transient"))
                    && v.confidence >= effect) {
                out.add(new Verdict(v.kind, Math.max(0, effect - 0.05), v.summary, v.evidence, v.sites, v.remedies,
                        v.seriesNames, v.judged, v.notJudged));
            } else {
                out.add(v);
            }
        }
        return out;
    }

    private static String percent(double share) {
        return Math.round(share * 100) + "%";
    }
}
