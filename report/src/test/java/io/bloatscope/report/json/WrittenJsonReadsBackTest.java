package io.bloatscope.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.write.JsonLine;
import io.bloatscope.format.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both writers (the agent's snapshot lines, the report's JSON) escape with the one escaper, and
 * the one reader gives back exactly the strings the target had, whatever they hold.
 */
class WrittenJsonReadsBackTest {
    private static final String[] NASTY = {
        "", "plain", "quote\"", "back\\slash", "\\\"", "new\nline", "cr\rlf\r\n", "tab\t",
        "ctl\u0001\u001f\u0000", "bs\bff\f", "del\u007f", "ls\u2028ps\u2029", "é日本\uD83D\uDE00", "slash/</script>",
        "\\u0041 not an escape", "{\"looks\":[\"like json\"]}", "a,b:c", "lone\uD800high", "lone\uDC00low",
        "\uDE00\uD83D reversed pair",
    };

    @Test
    void theReportsJsonAndTheAgentsLineEscapeAlike() throws IOException {
        for (String s : NASTY) {
            StringBuilder report = new StringBuilder();
            new JsonWriter(report, "").value(List.of(s));
            String agent = new JsonLine().begin().beginArray("a").element(s).endArray().end().toString();
            assertEquals("{\"a\":" + report + "}", agent, s);
            assertEquals(List.of(s), Json.parse(report));
        }
    }

    @Test
    void readsBackWhatTheAgentWrites() {
        String[] nasty = NASTY;
        JsonLine line = new JsonLine().begin().field("type", "snapshot");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("type", "snapshot");
        List<Object> elements = new ArrayList<>();
        line.beginArray("list");
        for (String s : nasty) {
            line.element(s);
            elements.add(s);
        }
        line.endArray();
        expected.put("list", elements);
        line.beginObject("byName");
        Map<String, Object> byName = new LinkedHashMap<>();
        for (int i = 0; i < nasty.length; i++) {
            line.field(nasty[i], nasty[nasty.length - 1 - i]);
            byName.put(nasty[i], nasty[nasty.length - 1 - i]);
        }
        line.endObject();
        expected.put("byName", byName);
        line.field("max", Long.MAX_VALUE).field("min", Long.MIN_VALUE).field("half", 0.5).field("nan", Double.NaN)
                .field("yes", true).field("none", (CharSequence) null);
        expected.put("max", Long.MAX_VALUE);
        expected.put("min", Long.MIN_VALUE);
        expected.put("half", 0.5);
        expected.put("nan", null);
        expected.put("yes", true);
        expected.put("none", null);
        line.beginArray("nested").beginElementObject().beginArray("deep").beginElementArray().element(1.25e-9)
                .endArray().endArray().endObject().endArray();
        expected.put("nested", List.of(Map.of("deep", List.of(List.of(1.25e-9)))));

        String text = line.end().toString();
        assertTrue(text.lines().count() == 1 && !text.contains("\u2028"), "one line");
        Map<String, Object> parsed = Json.parseObject(text);
        assertEquals(expected, parsed);
        assertEquals(new ArrayList<>(expected.keySet()), new ArrayList<>(parsed.keySet()));
    }
}
