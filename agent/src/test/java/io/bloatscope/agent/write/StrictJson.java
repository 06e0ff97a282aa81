package io.bloatscope.agent.write;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small strict JSON reader for tests of the agent, which cannot depend on the report module's
 * parser: it follows RFC 8259 exactly (no leading zeros, no trailing commas, no raw control
 * characters, no whitespace, which the agent never writes) so any sloppiness of the writer shows as an {@link IllegalArgumentException}.
 */
public final class StrictJson {
    private final String text;
    private int at;

    private StrictJson(String text) {
        this.text = text;
    }

    /** Parses one object that fills the whole text. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(CharSequence text) {
        StrictJson json = new StrictJson(text.toString());
        if (json.peek() != '{') {
            throw json.fail("expected an object");
        }
        Object value = json.value();
        if (json.at != json.text.length()) {
            throw json.fail("text after the value");
        }
        return (Map<String, Object>) value;
    }

    private Object value() {
        char c = peek();
        if (c == '{') {
            at++;
            Map<String, Object> members = new LinkedHashMap<>();
            if (peek() == '}') {
                at++;
                return members;
            }
            while (true) {
                if (peek() != '"') {
                    throw fail("expected a name");
                }
                String key = string();
                expect(':');
                members.put(key, value());
                char next = next();
                if (next == '}') {
                    return members;
                }
                if (next != ',') {
                    throw fail("expected , or }");
                }
            }
        }
        if (c == '[') {
            at++;
            List<Object> elements = new ArrayList<>();
            if (peek() == ']') {
                at++;
                return elements;
            }
            while (true) {
                elements.add(value());
                char next = next();
                if (next == ']') {
                    return elements;
                }
                if (next != ',') {
                    throw fail("expected , or ]");
                }
            }
        }
        if (c == '"') {
            return string();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (text.startsWith(word, at)) {
                at += word.length();
                return word.equals("null") ? null : Boolean.valueOf(word);
            }
        }
        return number();
    }

    private Object number() {
        int start = at;
        if (peek() == '-') {
            at++;
        }
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        boolean integer = true;
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            digits();
            integer = false;
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (peek() == '+' || peek() == '-') {
                at++;
            }
            digits();
            integer = false;
        }
        String number = text.substring(start, at);
        return integer ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
    }

    private void digits() {
        int start = at;
        while (at < text.length() && text.charAt(at) >= '0' && text.charAt(at) <= '9') {
            at++;
        }
        if (at == start) {
            throw fail("expected a digit");
        }
    }

    private String string() {
        at++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw fail("raw control character in a string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = next();
            switch (e) {
                case '"': case '\\': case '/': out.append(e); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'n': out.append('\n'); break;
                case 'r': out.append('\r'); break;
                case 't': out.append('\t'); break;
                case 'u':
                    if (at + 4 > text.length()) {
                        throw fail("short \\u escape");
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                    break;
                default: throw fail("bad escape");
            }
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw fail("expected " + c);
        }
    }

    private char peek() {
        if (at >= text.length()) {
            throw fail("unexpected end");
        }
        return text.charAt(at);
    }

    private char next() {
        char c = peek();
        at++;
        return c;
    }

    private IllegalArgumentException fail(String why) {
        return new IllegalArgumentException(why + " at " + at + " in: " + text);
    }
}
