package io.bloatscope.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.bloatscope.agent.core.Sampler;
import io.bloatscope.agent.write.JsonLine;

/**
 * Runs a sampler into a fresh line and checks the line is well-formed JSON by a minimal structural
 * scan (balanced containers outside strings, no dangling commas), and reads numbers back out.
 */
public final class JsonAssert {
    private JsonAssert() {
    }

    public static String sampleOnce(Sampler sampler) throws Exception {
        JsonLine line = new JsonLine().begin();
        sampler.sample(line);
        String json = line.end().toString();
        assertWellFormed(json);
        return json;
    }

    public static void assertWellFormed(String json) {
        int depth = 0;
        boolean inString = false;
        char previous = 0;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            switch (c) {
                case '"': inString = true; break;
                case '{': case '[': depth++; break;
                case '}': case ']':
                    if (previous == ',') {
                        fail("dangling comma before " + c + " at " + i + ": " + json);
                    }
                    depth--;
                    if (depth < 0) {
                        fail("unbalanced at " + i + ": " + json);
                    }
                    break;
                case ',':
                    if (previous == ',' || previous == '{' || previous == '[') {
                        fail("empty member at " + i + ": " + json);
                    }
                    break;
                default:
            }
            previous = c;
        }
        assertEquals(0, depth, json);
        assertTrue(!inString, json);
    }

    /** The number after the first {@code "key":} in the line. */
    public static long number(String json, String key) {
        String marker = "\"" + key + "\":";
        int at = json.indexOf(marker);
        if (at < 0) {
            fail("no " + key + " in " + json);
        }
        int start = at + marker.length();
        int end = start;
        while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
            end++;
        }
        return Long.parseLong(json.substring(start, end));
    }
}
