package io.bloatscope.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.networknt.schema.Schema;
import io.bloatscope.report.analyze.Diagnoser;
import io.bloatscope.format.Json;
import io.bloatscope.report.render.Format;
import io.bloatscope.report.render.Renderer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/schema is the machine-readable contract of the snapshot file and the report JSON: every line
 * the agent wrote in the recorded runs (JDK 17 and 25, every line type) and the report JSON made
 * from each run must match it; a field that changes type or a required field that disappears must
 * not (the negative cases below take real lines and break them one way each); and what the
 * compatibility policy promises readers, unknown fields, line types and verdict kinds, must pass.
 */
class SchemaTest {
    private static final Schema LINE = Schemas.load("snapshot-line.schema.json");
    private static final Schema REPORT = Schemas.load("report.schema.json");

    /** The recorded runs of the verdict tests (among them runs with captures: see runs/README.md). */
    static Stream<Path> runs() throws IOException, URISyntaxException {
        List<Path> runs = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of(SchemaTest.class.getResource("/runs").toURI()))) {
            files.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(runs::add);
        }
        return runs.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {"snapshot-line.schema.json", "header.schema.json", "snapshot.schema.json",
        "capture.schema.json", "report.schema.json"})
    void everySchemaIsAWellFormedDraft202012Schema(String name) throws IOException {
        String text = Files.readString(Schemas.DIR.resolve(name));
        assertEquals(List.of(), Schemas.problems(Schemas.metaSchema(), text), name);
        assertEquals("https://json-schema.org/draft/2020-12/schema", Json.parseObject(text).get("$schema"), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void everyLineOfARecordedRunMatchesItsSchema(Path run) throws IOException {
        List<String> problems = Schemas.problemsOfSnapshotFile(run);
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), run.getFileName() + ": "
                + problems.size() + " problems");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theReportJsonOfARecordedRunMatchesTheReportSchema(Path run) throws IOException {
        String json = reportJson(run);
        assertEquals(List.of(), Schemas.problemsOfReport(json), run.getFileName() + ":\n" + json);
    }

    /**
     * The fixtures must hold what the schemas describe, or the tests above would pass on nothing:
     * both JDKs, every line type, every section of a snapshot, and report JSON with captures and sites.
     */
    @Test
    void theRecordedRunsCoverBothJdksEveryLineTypeAndEverySnapshotSection() throws Exception {
        Set<Object> jdks = new TreeSet<>();
        Set<String> types = new TreeSet<>();
        Set<String> sections = new TreeSet<>();
        for (Path run : runs().toList()) {
            for (String line : Files.readAllLines(run)) {
                Map<String, Object> object = Json.parseObject(line);
                String type = (String) object.get("type");
                types.add(type);
                if (type.equals("header")) {
                    jdks.add(((Map<?, ?>) object.get("jvm")).get("feature"));
                } else if (type.equals("snapshot")) {
                    sections.addAll(object.keySet());
                }
            }
        }
        assertTrue(jdks.containsAll(List.of(17L, 25L)), "JDK feature releases recorded: " + jdks);
        assertEquals(Set.of("capture", "header", "snapshot"), types);
        Set<String> described = new TreeSet<>(properties("snapshot.schema.json").keySet());
        // Written only by `attach <pid> stop` on the last snapshot; AttachIT checks it on a live run.
        described.remove("stopped");
        described.removeAll(sections);
        assertEquals(Set.of(), described, "snapshot sections the schema describes that no recorded run has");
        String captures = reportJson(run("UnsafeNativeLeak-captures-25"));
        assertFalse(Json.parseObject(captures).get("captures").toString().equals("[]"), captures);
    }

    @Test
    void aHeaderFieldThatChangesTypeOrDisappearsFails() throws IOException {
        String header = firstLine("header");
        assertValid(LINE, header);
        assertInvalid(LINE, Mutation.set(header, "pid", "4242"), "pid");
        assertInvalid(LINE, Mutation.set(header, "jvm.feature", "25"), "feature");
        assertInvalid(LINE, Mutation.set(header, "nmt.mode", "sometimes"), "mode");
        assertInvalid(LINE, Mutation.remove(header, "jvm"), "jvm");
        assertInvalid(LINE, Mutation.remove(header, "intervalMillis"), "intervalMillis");
        assertInvalid(LINE, Mutation.set(header, "schema", 3L), "schema");
    }

    @Test
    void aSnapshotFieldThatChangesTypeOrDisappearsFails() throws IOException {
        String snapshot = firstLine("snapshot");
        assertValid(LINE, snapshot);
        assertInvalid(LINE, Mutation.set(snapshot, "process.vmRssBytes", "123"), "vmRssBytes");
        assertInvalid(LINE, Mutation.set(snapshot, "heap.pools.0.usedBytes", 1.5), "usedBytes");
        assertInvalid(LINE, Mutation.set(snapshot, "sites.native.0.liveBytes", null), "liveBytes");
        assertInvalid(LINE, Mutation.remove(snapshot, "seq"), "seq");
        assertInvalid(LINE, Mutation.remove(snapshot, "process.vmRssBytes"), "vmRssBytes");
        assertInvalid(LINE, Mutation.remove(snapshot, "nmt.categories.0.name"), "name");
    }

    @Test
    void aCaptureFieldThatChangesTypeOrDisappearsFailsAndItsEmbeddedSnapshotIsCheckedToo() throws IOException {
        String capture = firstLine("capture");
        assertValid(LINE, capture);
        assertInvalid(LINE, Mutation.remove(capture, "limitBytes"), "limitBytes");
        assertInvalid(LINE, Mutation.set(capture, "threshold", "75%"), "threshold");
        assertInvalid(LINE, Mutation.set(capture, "snapshot.process.vmRssBytes", "123"), "vmRssBytes");
        assertInvalid(LINE, Mutation.remove(capture, "snapshot"), "snapshot");
    }

    @Test
    void aReportFieldThatChangesTypeOrDisappearsFails() throws IOException {
        String report = reportJson(run("UnsafeNativeLeak-captures-25"));
        assertValid(REPORT, report);
        assertInvalid(REPORT, Mutation.set(report, "verdicts.0.confidence", "0.9"), "confidence");
        assertInvalid(REPORT, Mutation.set(report, "trimEstimate.bytes", "120 MB"), "bytes");
        assertInvalid(REPORT, Mutation.set(report, "captures.0.limitBytes", 4.5), "limitBytes");
        assertInvalid(REPORT, Mutation.remove(report, "ledger"), "ledger");
        assertInvalid(REPORT, Mutation.remove(report, "ledger.latest.bytes.JAVA_HEAP"), "JAVA_HEAP");
        assertInvalid(REPORT, Mutation.remove(report, "verdicts.0.notJudged"), "notJudged");
    }

    /** The compatibility policy: readers ignore unknown fields, line types and verdict kinds. */
    @Test
    void whatThePolicyLetsANewerWriterAddStillMatches() throws IOException {
        assertValid(LINE, Mutation.set(firstLine("header"), "futureField", "x"));
        assertValid(LINE, Mutation.set(firstLine("snapshot"), "process.futureBytes", 1L));
        assertValid(LINE, Mutation.set(firstLine("snapshot"), "futureSection", Map.of("sizeBytes", 1L)));
        assertValid(LINE, "{\"type\":\"futureLine\",\"anything\":[1,2]}");
        String report = reportJson(run("UnsafeNativeLeak-captures-25"));
        assertValid(REPORT, Mutation.set(report, "verdicts.0.kind", "SOME_FUTURE_KIND"));
        assertValid(REPORT, Mutation.set(report, "ledger.latest.bytes.FUTURE_PART", 0L));
        assertValid(REPORT, Mutation.set(report, "futureField", List.of()));
    }

    private static void assertValid(Schema schema, String json) {
        assertEquals(List.of(), Schemas.problems(schema, json), json);
    }

    private static void assertInvalid(Schema schema, String json, String field) {
        List<String> problems = Schemas.problems(schema, json);
        assertFalse(problems.isEmpty(), "accepted a broken " + field + ": " + json);
        assertTrue(problems.stream().anyMatch(p -> p.contains(field)), field + " not named in " + problems);
    }

    private static String firstLine(String type) throws IOException {
        for (String line : Files.readAllLines(run("UnsafeNativeLeak-captures-25"))) {
            if (type.equals(Json.parseObject(line).get("type"))) {
                return line;
            }
        }
        throw new AssertionError("no " + type + " line in the fixture");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(String schemaFile) throws IOException {
        return (Map<String, Object>) Json.parseObject(Files.readString(Schemas.DIR.resolve(schemaFile))).get("properties");
    }

    private static String reportJson(Path run) throws IOException {
        StringBuilder json = new StringBuilder();
        Renderer.of(Format.JSON).render(Diagnoser.diagnose(run), json);
        return json.toString();
    }

    private static Path run(String name) {
        try {
            return Path.of(SchemaTest.class.getResource("/runs/" + name + ".jsonl").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
