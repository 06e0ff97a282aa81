package io.bloatscope.schema;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.bloatscope.format.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON Schemas of docs/schema, loaded from the source tree (not copied into test resources, so
 * the files a user reads are the files tested). References between them ({@code $ref:
 * "snapshot.schema.json"}) resolve against the file's own location, as they would for a user who
 * keeps the directory together; the draft 2020-12 meta-schema comes from the validator's jar, so
 * nothing is fetched from the network. Public for the integration tests (io.bloatscope.it), which
 * check what the agent of this build writes on every JDK against the same files.
 */
public final class Schemas {
    /** docs/schema of this checkout; the report module's tests run in report/. */
    static final Path DIR = Path.of("").toAbsolutePath().getParent().resolve("docs/schema");

    /**
     * The validator reads no file or URL by itself (a schema could otherwise make a test fetch
     * anything): the schemas are handed to it by their file IRI, from this directory only.
     */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemas(Schemas::read));

    private Schemas() {
    }

    private static final Schema LINE = load("snapshot-line.schema.json");
    private static final Schema REPORT = load("report.schema.json");

    /** The problems of every line of a snapshot file, each prefixed with its line number and type. */
    public static List<String> problemsOfSnapshotFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            for (String problem : problems(LINE, lines.get(i))) {
                problems.add("line " + (i + 1) + " (" + Json.parseObject(lines.get(i)).get("type") + ") " + problem);
            }
        }
        return problems;
    }

    /** The problems of what {@code report --format json} printed. */
    public static List<String> problemsOfReport(String json) {
        return problems(REPORT, json);
    }

    static Schema load(String fileName) {
        Path file = DIR.resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no schema " + file + " (the tests expect the source tree's docs/schema)");
        }
        return REGISTRY.getSchema(SchemaLocation.of(file.toUri().toString()));
    }

    /** The text of a schema of this directory by its file IRI; null (not ours) for any other IRI. */
    private static String read(String iri) {
        String prefix = DIR.toUri().toString();
        if (!iri.startsWith(prefix)) {
            return null;
        }
        try {
            return Files.readString(DIR.resolve(iri.substring(prefix.length())));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    /** The 2020-12 meta-schema, for checking that the schemas themselves are well formed. */
    static Schema metaSchema() {
        return REGISTRY.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
    }

    /** What is wrong with {@code json} under {@code schema}, one line per error; empty when valid. */
    static List<String> problems(Schema schema, String json) {
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(json, InputFormat.JSON)) {
            problems.add(error.getInstanceLocation() + ": " + error.getMessage());
        }
        return problems;
    }
}
