package io.bloatscope.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bloatscope.format.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonStringTest {

    @Test
    void escapesWhatJsonAndItsReadersNeed() {
        String[][] cases = {
            {"\"", "\\\"", "quote"},
            {"\\", "\\\\", "backslash"},
            {"\n", "\\n", "line feed"},
            {"\r", "\\r", "carriage return"},
            {"\t", "\\t", "tab"},
            {"\b", "\\b", "backspace"},
            {"\f", "\\f", "form feed"},
            {"\u0001", "\\u0001", "other control"},
            {"\u001f", "\\u001f", "last control"},
            {"\u2028", "\\u2028", "line separator"},
            {"\u2029", "\\u2029", "paragraph separator"},
            {"\ud800", "\\ud800", "lone high surrogate"},
            {"\udfff", "\\udfff", "lone low surrogate"},
            {"/", "/", "slash as it is"},
            {"\u007f", "\u007f", "delete as it is"},
            {"é日本", "é日本", "other text as it is"},
        };
        for (String[] c : cases) {
            assertEquals("\"a" + c[1] + "z\"", JsonString.quote("a" + c[0] + "z"), c[2]);
        }
    }

    @Test
    void aSurrogatePairStaysAsItIsAndAHalfOfOneAtTheEdgesIsEscaped() {
        String pair = "\uD83D\uDE00";
        assertEquals("\"" + pair + "\"", JsonString.quote(pair));
        assertEquals("\"\\ude00" + pair + "\\ud83d\"", JsonString.quote("\uDE00" + pair + "\uD83D"));
        assertEquals("\"\\ud83d\\ud83d\"", JsonString.quote("\uD83D\uD83D"), "two highs are two lone surrogates");
    }

    /**
     * Whatever a Java string holds (every char from 0 to 0xFFFF, surrogates in both orders), the
     * literal survives UTF-8 encoding and parses back to the same string: what a reader on another
     * machine sees is what the target had.
     */
    @Test
    void everyCharRoundTripsThroughUtf8() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
        }
        all.append("\uDBFF\uDFFF\uDFFF\uDBFF");
        String literal = JsonString.quote(all);
        String decoded = new String(literal.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(literal, decoded, "no char the UTF-8 encoder had to replace");
        assertEquals(all.toString(), Json.parse(decoded));
        for (char c : literal.toCharArray()) {
            assertTrue(c >= 0x20 && c != '\u2028' && c != '\u2029', () -> "raw " + Integer.toHexString(c));
        }
    }

    @Test
    void appendsToWhatIsThere() {
        StringBuilder out = new StringBuilder("[");
        JsonString.append(out, "x");
        assertEquals("[\"x\"", out.toString());
    }
}
