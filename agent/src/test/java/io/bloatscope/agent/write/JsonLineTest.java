package io.bloatscope.agent.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineTest {
    private final JsonLine line = new JsonLine();

    @Test
    void placesCommasBetweenMembersAndElementsOnly() {
        String text = line.begin()
                .field("a", 1)
                .beginObject("o").field("x", true).field("y", -2).endObject()
                .beginArray("empty").endArray()
                .beginObject("none").endObject()
                .beginArray("arr")
                    .element(1).element(2.5).element("s").element((CharSequence) null)
                    .beginElementObject().field("k", "v").endObject()
                    .beginElementArray().element(3).beginElementArray().endArray().endArray()
                .endArray()
                .field("z", (CharSequence) null)
                .end().toString();
        assertEquals("{\"a\":1,\"o\":{\"x\":true,\"y\":-2},\"empty\":[],\"none\":{},"
                + "\"arr\":[1,2.5,\"s\",null,{\"k\":\"v\"},[3,[]]],\"z\":null}", text);
        StrictJson.object(text);
    }

    @Test
    void emptyLineIsAnEmptyObject() {
        assertEquals("{}", line.begin().end().toString());
    }

    @Test
    void beginDiscardsThePreviousLine() {
        line.begin().field("old", 1).beginObject("open");
        assertEquals("{\"new\":2}", line.begin().field("new", 2).end().toString());
    }

    @Test
    void deepNestingBeyondTheInitialCapacity() {
        line.begin();
        for (int i = 0; i < 40; i++) {
            line.beginObject("n" + i).field("i", i);
        }
        for (int i = 0; i < 40; i++) {
            line.endObject();
        }
        Map<String, Object> parsed = StrictJson.object(line.end());
        Object inner = parsed;
        for (int i = 0; i < 40; i++) {
            inner = ((Map<?, ?>) inner).get("n" + i);
            assertEquals((long) i, ((Map<?, ?>) inner).get("i"));
        }
    }

    @Test
    void escapesEverythingThatCouldBreakTheLine() {
        String nasty = "q\"uote back\\slash \n new\rline \t tab \u0001 \u001f \u2028 \u2029 é 日本 \uD83D\uDE00 / end";
        String text = line.begin().field(nasty, nasty).beginArray("a").element(nasty).endArray().end().toString();
        assertFalse(text.contains("\n") || text.contains("\r") || text.contains("\u2028") || text.contains("\u2029"),
                text);
        for (char c : text.toCharArray()) {
            assertTrue(c >= 0x20, () -> "raw control char " + (int) c + " in " + text);
        }
        assertTrue(text.contains("\\u0001") && text.contains("\\u001f") && text.contains("\\u2028")
                && text.contains("\\\"") && text.contains("\\\\") && text.contains("\\n"), text);
        Map<String, Object> parsed = StrictJson.object(text);
        assertEquals(nasty, parsed.get(nasty));
        assertEquals(List.of(nasty), parsed.get("a"));
    }

    @Test
    void nonFiniteDoublesBecomeNull() {
        String text = line.begin()
                .field("nan", Double.NaN).field("inf", Double.POSITIVE_INFINITY).field("ninf", Double.NEGATIVE_INFINITY)
                .field("tiny", 1e-7).field("big", 1e300)
                .beginArray("a").element(Double.NaN).element(0.5).endArray()
                .end().toString();
        Map<String, Object> parsed = StrictJson.object(text);
        assertTrue(parsed.containsKey("nan"));
        assertNull(parsed.get("nan"));
        assertNull(parsed.get("inf"));
        assertNull(parsed.get("ninf"));
        assertEquals(1e-7, parsed.get("tiny"));
        assertEquals(1e300, parsed.get("big"));
        assertEquals(java.util.Arrays.asList(null, 0.5), parsed.get("a"));
    }

    @Test
    void extremeLongs() {
        Map<String, Object> parsed = StrictJson.object(
                line.begin().field("max", Long.MAX_VALUE).field("min", Long.MIN_VALUE).end());
        assertEquals(Long.MAX_VALUE, parsed.get("max"));
        assertEquals(Long.MIN_VALUE, parsed.get("min"));
    }

    @Test
    void rewindTakesBackAPartialSectionWithNestedContainers() {
        line.begin().field("type", "snapshot").beginObject("good").field("v", 1).endObject();
        long mark = line.mark();
        line.beginObject("bad").field("x", 1).beginArray("list").element(1).beginElementObject().field("deep", "y");
        line.rewind(mark);
        line.beginObject("next").field("w", 2).endObject();
        String text = line.end().toString();
        assertEquals("{\"type\":\"snapshot\",\"good\":{\"v\":1},\"next\":{\"w\":2}}", text);
        StrictJson.object(text);
    }

    @Test
    void rewindAsTheFirstMemberLeavesNoStrayComma() {
        line.begin();
        long mark = line.mark();
        line.beginArray("bad").beginElementArray().element("x");
        line.rewind(mark);
        line.field("ok", 1);
        assertEquals("{\"ok\":1}", line.end().toString());
    }

    @Test
    void rewindInsideANestedContainer() {
        line.begin().beginObject("outer").field("a", 1);
        long mark = line.mark();
        line.field("b", 2).beginObject("c");
        line.rewind(mark);
        line.field("d", 3).endObject();
        assertEquals("{\"outer\":{\"a\":1,\"d\":3}}", line.end().toString());
    }

    @Test
    void rewindWhenNothingWasWrittenIsHarmless() {
        line.begin().field("a", 1);
        line.rewind(line.mark());
        assertEquals("{\"a\":1}", line.end().toString());
    }

    @Test
    void endWithUnclosedContainersThrows() {
        line.begin().beginObject("o").beginArray("a");
        assertThrows(IllegalStateException.class, line::end);
        line.begin().beginArray("a");
        assertThrows(IllegalStateException.class, line::end);
    }

    @Test
    void closingWhatIsNotOpenThrows() {
        line.begin();
        assertThrows(IllegalStateException.class, line::endObject);
        line.begin();
        assertThrows(IllegalStateException.class, line::endArray);
    }

    @Test
    void bufferIsReusedFromLineToLine() {
        for (int i = 0; i < 3; i++) {
            String text = line.begin().field("i", i).end().toString();
            assertEquals("{\"i\":" + i + "}", text);
            assertEquals(text.length(), line.length());
        }
    }
}
