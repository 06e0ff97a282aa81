package io.bloatscope.report.analyze;

import io.bloatscope.format.Json;
import io.bloatscope.report.json.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A recorded run with one kind of evidence taken out, written beside the tests' temporary files:
 * what the same run would have been without smaps, malloc_info, NMT, the GC's counts, the live set
 * or jemalloc's statistics. Real lines, less in them, so no test invents a run the agent never wrote.
 */
final class LessEvidence {
    private LessEvidence() {
    }

    /** The run with one kind of evidence taken out of every line (the header says NMT was off for "nmt"). */
    static Path without(Path run, String evidence, Path dir) throws IOException {
        Consumer<Map<String, Object>> strip;
        if (evidence.equals("gc")) {
            strip = line -> {
                line.remove("gc");
                Object heap = line.get("heap");
                if (heap instanceof Map) {
                    dropAfterGc(heap);
                }
            };
        } else {
            strip = line -> line.remove(evidence);
        }
        List<String> out = new ArrayList<>();
        for (String text : Files.readAllLines(run, StandardCharsets.UTF_8)) {
            if (text.isBlank()) {
                continue;
            }
            Map<String, Object> line;
            try {
                line = new LinkedHashMap<>(Json.parseObject(text));
            } catch (RuntimeException truncated) {
                continue;
            }
            if ("header".equals(line.get("type"))) {
                if (evidence.equals("nmt")) {
                    line.put("nmt", Map.of("mode", "off"));
                }
            } else {
                strip.accept(line);
            }
            StringBuilder json = new StringBuilder();
            new JsonWriter(json, "").value(line);
            out.add(json.toString());
        }
        Path file = dir.resolve(run.getFileName() + "-without-" + evidence + ".jsonl");
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }

    @SuppressWarnings("unchecked")
    private static void dropAfterGc(Object heap) {
        Map<String, Object> h = (Map<String, Object>) heap;
        h.remove("usedAfterGcBytes");
        Object pools = h.get("pools");
        if (pools instanceof List) {
            for (Object pool : (List<Object>) pools) {
                if (pool instanceof Map) {
                    ((Map<String, Object>) pool).remove("usedAfterGcBytes");
                }
            }
        }
    }
}
