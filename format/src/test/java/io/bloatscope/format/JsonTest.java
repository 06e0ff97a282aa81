package io.bloatscope.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
