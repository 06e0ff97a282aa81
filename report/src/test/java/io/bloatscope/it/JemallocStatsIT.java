package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.format.Json;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.SnapshotRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * jemalloc's own statistics through the FFM API (JDK 22+), on MallocBloat under a preloaded
 * jemalloc: the snapshot's {@code jemalloc} section, the report judging the malloc parts from it with
 * jemalloc's remedies, and the option's promise that {@code allocatorStats=auto} never makes the JDK
 * print its restricted-method warning on the application's standard error.
 */
class JemallocStatsIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("jemalloc-stats");
    private static final String ALLOW = "--enable-native-access=ALL-UNNAMED";
    private static final String NMT = "-XX:NativeMemoryTracking=summary";
    private static final Pattern RESTRICTED_WARNING = Pattern.compile("(?i)restricted method");
    private static final Pattern GLIBC_REMEDY = Pattern.compile(
            "MALLOC_ARENA_MAX|TrimNativeHeapInterval|trim_native_heap|attach <pid> trim|malloc_trim|LD_PRELOAD");

    /** The newest installed JDK 22+ (FFM final), and jemalloc; the test is skipped, saying why, without them. */
    private static TargetJdk ffmJdk() {
        assumeTrue(Files.isReadable(AllocatorIT.JEMALLOC), AllocatorIT.JEMALLOC + " is absent (Debian package"
                + " libjemalloc2): jemalloc's statistics are not tested");
        TargetJdk best = null;
        for (TargetJdk jdk : TargetJdk.all()) {
            if (jdk.feature >= 22 && (best == null || jdk.feature > best.feature)) {
                best = jdk;
            }
        }
        assumeTrue(best != null, "no JDK 22+ under /usr/lib/jvm (the FFM API is final from 22): jemalloc's statistics"
                + " are not tested");
        return best;
    }

    private static final class Result {
        final SnapshotRun run;
        final String stderr;
        final Path out;

        Result(SnapshotRun run, String stderr, Path out) {
            this.run = run;
            this.stderr = stderr;
            this.out = out;
        }
    }

    private static Result run(String name, String agentExtra, int seconds, String... jvm) throws Exception {
        TargetJdk jdk = ffmJdk();
        Path work = DIR.resolve(name);
        Path out = DIR.resolve(name + ".jsonl");
        Files.createDirectories(work);
        Files.deleteIfExists(out);
        try (ForkedApp forked = ForkedApp.app("MallocBloat").on(jdk).env("LD_PRELOAD", AllocatorIT.JEMALLOC.toString())
                .jvm(jvm).agent("out=" + out + ",interval=500ms" + agentExtra)
                .args("--seconds", Integer.toString(seconds)).start(work)) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(90)), forked.describe());
            return new Result(Runs.read(out), forked.stderr(), out);
        }
    }

    private static List<Map<String, Object>> sections(SnapshotRun run) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> snapshot : run.snapshots()) {
            Object section = snapshot.get("jemalloc");
            if (section instanceof Map) {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) section;
                out.add(map);
            }
        }
        return out;
    }

    private static Map<String, Object> report(Path run) throws Exception {
        Cli report = Cli.run("report", run.toString(), "--format", "json");
        assertEquals(0, report.exitCode, report.toString());
        return Json.parseObject(report.stdout);
    }

    @Test
    void withNativeAccessGrantedTheStatisticsAreReadAndTheMallocPartsJudged() throws Exception {
        Result result = run("granted", ",allocatorStats=on", 12, NMT, ALLOW);
        List<Map<String, Object>> sections = sections(result.run);
        Map<String, Object> report = report(result.out);
        List<Object> verdicts = Fields.getList(report, "verdicts");
        assertAll(
                () -> assertEquals(result.run.snapshots().size(), sections.size(), "every snapshot has the section"),
                () -> {
                    for (Map<String, Object> s : sections) {
                        long allocated = Runs.number(s, "allocatedBytes");
                        long resident = Runs.number(s, "residentBytes");
                        assertTrue(resident >= allocated && allocated > 0, "residentBytes ≥ allocatedBytes > 0: " + s);
                        for (String key : List.of("activeBytes", "mappedBytes", "retainedBytes", "metadataBytes")) {
                            Runs.number(s, key);
                        }
                    }
                },
                () -> assertFalse(RESTRICTED_WARNING.matcher(result.stderr).find(),
                        "native access was granted: no warning\n" + result.stderr),
                () -> assertEquals("MALLOC_BLOAT", Fields.get(verdicts.get(0), "kind"), String.valueOf(verdicts.get(0))),
                () -> assertTrue(String.valueOf(Fields.get(verdicts.get(0), "summary")).contains("jemalloc keeps"),
                        String.valueOf(verdicts.get(0))),
                () -> {
                    for (Object verdict : verdicts) {
                        for (Object entry : (List<?>) Fields.get(verdict, "notJudged")) {
                            assertFalse("MALLOC_RETAINED".equals(Fields.get(entry, "part"))
                                    && String.valueOf(Fields.get(entry, "reason")).contains("jemalloc"),
                                    "the malloc parts are judged from jemalloc's statistics: " + entry);
                        }
                        for (Object remedy : (List<?>) Fields.get(verdict, "remedies")) {
                            assertFalse(GLIBC_REMEDY.matcher(String.valueOf(remedy)).find(),
                                    "a glibc remedy for a process on jemalloc: " + remedy);
                        }
                    }
                },
                () -> {
                    Map<?, ?> trim = (Map<?, ?>) report.get("trimEstimate");
                    assertEquals(null, trim.get("bytes"), "malloc_trim is glibc's: " + trim);
                    Object purge = Fields.get(trim, "allocatorPurge.bytes");
                    assertTrue(purge instanceof Number && ((Number) purge).longValue() > 0, "jemalloc's purge: " + trim);
                },
                () -> EvidenceIT.assertEvidenceRules(report));
    }

    @Test
    void autoWithoutNativeAccessNeitherWarnsNorReads() throws Exception {
        Result result = run("auto", "", 3, NMT);
        assertAll(
                () -> assertFalse(RESTRICTED_WARNING.matcher(result.stderr).find(),
                        "allocatorStats=auto must not make the JDK warn\n" + result.stderr),
                () -> assertTrue(sections(result.run).isEmpty(), "no section without native access"),
                () -> assertTrue(result.stderr.contains("allocatorStats=on"), "one line says how to get them\n"
                        + result.stderr),
                () -> {
                    Map<String, Object> report = report(result.out);
                    String said = String.valueOf(report.get("verdicts")) + report.get("trimEstimate");
                    assertTrue(said.contains("allocatorStats"), "the report names the step that gets them: " + said);
                });
    }

    @Test
    void onWithoutNativeAccessReadsAndTheJdkWarnsOnce() throws Exception {
        Result result = run("on", ",allocatorStats=on", 2, NMT);
        assertFalse(sections(result.run).isEmpty(), "allocatorStats=on reads anyway\n" + result.stderr);
        long warnings = result.stderr.lines().filter(l -> l.toLowerCase(Locale.ROOT)
                .startsWith("warning: a restricted method")).count();
        assertTrue(warnings <= 1, "the JDK's one warning, at most\n" + result.stderr);
    }
}
