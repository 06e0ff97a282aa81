package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bloatscope.report.read.Fields;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The header names the malloc in use: glibc's own, or jemalloc when preloaded. */
class AllocatorIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("allocator");
    static final Path JEMALLOC = Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2");

    static Stream<TargetJdk> jdks() {
        return TargetJdk.all().stream();
    }

    private static Map<?, ?> allocatorOf(ForkedApp.Builder app, String name) throws Exception {
        Path out = DIR.resolve(name + ".jsonl");
        Files.createDirectories(DIR);
        Files.deleteIfExists(out);
        try (ForkedApp forked = app.agent("out=" + out + ",interval=250ms").args("--seconds", "1")
                .start(DIR.resolve(name))) {
            assertEquals(0, forked.awaitExit(Duration.ofSeconds(60)), forked.describe());
        }
        return (Map<?, ?>) Fields.get(Runs.read(out).headers().get(0), "allocator");
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void glibcByDefault(TargetJdk jdk) throws Exception {
        Map<?, ?> allocator = allocatorOf(ForkedApp.app("Sawtooth").on(jdk), "glibc-" + jdk.feature);
        assertEquals("glibc", allocator.get("name"), "allocator " + allocator);
        assertEquals("default", allocator.get("source"));
        assertNull(allocator.get("library"));
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void jemallocWhenPreloaded(TargetJdk jdk) throws Exception {
        Assumptions.assumeTrue(Files.isReadable(JEMALLOC),
                "no " + JEMALLOC + " (apt-get install libjemalloc2): the jemalloc test is skipped");
        Map<?, ?> allocator = allocatorOf(ForkedApp.app("Sawtooth").on(jdk).env("LD_PRELOAD", JEMALLOC.toString()),
                "jemalloc-" + jdk.feature);
        assertEquals("jemalloc", allocator.get("name"), "allocator " + allocator);
        assertEquals("maps", allocator.get("source"));
        assertEquals(JEMALLOC.toString(), allocator.get("library"));
    }
}
