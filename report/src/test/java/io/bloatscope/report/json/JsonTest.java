package io.bloatscope.report.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.agent.write.JsonLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesObjectsKeepingMemberOrder() {
        Map<String, Object> object = Json.parseObject(" { \"b\" : 1 ,\n\t\"a\":{\"x\":[]}, \"c\":{} , \"t\":true,\"f\":false,\"n\":null }\r\n");
        assertEquals(List.of("b", "a", "c", "t", "f", "n"), new ArrayList<>(object.keySet()));
        assertEquals(1L, object.get("b"));
        assertEquals(Map.of("x", List.of()), object.get("a"));
        assertEquals(Map.of(), object.get("c"));
        assertEquals(Boolean.TRUE, object.get("t"));
        assertEquals(Boolean.FALSE, object.get("f"));
        assertTrue(object.containsKey("n"));
        assertNull(object.get("n"));
    }

    @Test
    void parsesArrays() {
        assertEquals(Arrays.asList(1L, "two", null, List.of(3L, List.of()), Map.of("k", 4L), 5.5),
                Json.parse("[1, \"two\", null, [3, []], {\"k\": 4}, 5.5]"));
        assertEquals(List.of(), Json.parse("[ ]"));
    }

    @Test
    void integersAreLongsAndEverythingElseDoubles() {
        assertEquals(0L, Json.parse("0"));
        assertEquals(-42L, Json.parse("-42"));
        assertEquals(1_700_000_000_123L, Json.parse("1700000000123"));
        assertEquals(Long.MAX_VALUE, Json.parse("9223372036854775807"));
        assertEquals(Long.MIN_VALUE, Json.parse("-9223372036854775808"));
        assertEquals(1234567890123456789L, Json.parse("1234567890123456789"));
        assertInstanceOf(Double.class, Json.parse("9223372036854775808"), "too big for a long");
        assertEquals(9.223372036854775808e18, Json.parse("9223372036854775808"));
        assertEquals(2.5, Json.parse("2.5"));
        assertEquals(-0.125, Json.parse("-0.125"));
        assertEquals(1e10, Json.parse("1e10"));
        assertEquals(1.5e-3, Json.parse("1.5E-3"));
        assertEquals(2e+5, Json.parse("2e+5"));
        assertInstanceOf(Double.class, Json.parse("1e2"));
    }

    @Test
    void decodesEscapes() {
        assertEquals("q\" b\\ s/ \b\f\n\r\t é \u0001 \u2028 \uD83D\uDE00",
                Json.parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 \\u0001 \\u2028 \\ud83d\\uDE00\""));
        assertEquals("plain", Json.parse("\"plain\""));
        assertEquals("", Json.parse("\"\""));
        assertEquals("日本", Json.parse("\"日本\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":1",          // truncated mid-object
        "{\"a\":",
        "{\"a\"",
        "{\"a",
        "{",
        "[1,2",
        "\"abc",
        "\"ab\\u00",
        "\"ab\\",
        "tru",
        "-",
        "",
        "   ",
        "{\"a\":1}x",        // trailing garbage
        "{\"a\":1}{}",
        "[1] 2",
        "{\"a\":1,}",
        "[1,]",
        "{a:1}",
        "{\"a\" 1}",
        "[1 2]",
        "\"tab\there\"",     // raw control characters
        "\"new\nline\"",
        "\"nul\u0000\"",
        "\"\\x\"",
        "\"\\u12g4\"",
        "1.2.3",
        "1e",
        "nul",
        "'single'",
    })
    void rejectsMalformedText(String text) {
        JsonException error = assertThrows(JsonException.class, () -> Json.parse(text));
        assertTrue(error.getMessage().contains("offset"), error.getMessage());
    }

    @Test
    void parseObjectRejectsOtherValues() {
        assertThrows(JsonException.class, () -> Json.parseObject("[1]"));
        assertThrows(JsonException.class, () -> Json.parseObject("\"s\""));
        assertThrows(JsonException.class, () -> Json.parseObject("null"));
    }

    @Test
    void readsBackWhatTheAgentWrites() {
        String[] nasty = {
            "", "plain", "quote\"", "back\\slash", "\\\"", "new\nline", "cr\rlf\r\n", "tab\t",
            "ctl\u0001\u001f\u0000", "del\u007f", "ls\u2028ps\u2029", "é日本\uD83D\uDE00", "slash/</script>",
            "\\u0041 not an escape", "{\"looks\":[\"like json\"]}", "a,b:c",
        };
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
