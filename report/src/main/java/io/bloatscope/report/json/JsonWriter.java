package io.bloatscope.report.json;

import io.bloatscope.format.Json;
import io.bloatscope.format.text.JsonString;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;

/**
 * Writes plain Java values as JSON, the inverse of {@link Json}: maps (keys as strings, in their
 * iteration order), collections and arrays, strings, numbers, booleans and null. Every string is
 * escaped by {@link JsonString}, the agent's escaper too, control characters and lone surrogates
 * included, because report JSON carries strings from the target JVM (class, thread and site names)
 * and CI scripts must be able to parse it whatever those contain. Non-finite doubles become null: JSON has no NaN.
 */
public final class JsonWriter {
    private final Appendable out;
    private final String indentUnit;
    private int depth;

    /** @param indentUnit added per nesting level and line breaks between members; "" for one line */
    public JsonWriter(Appendable out, String indentUnit) {
        this.out = out;
        this.indentUnit = indentUnit;
    }

    public void value(Object value) throws IOException {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String || value instanceof Character || value instanceof Enum) {
            string(value.toString());
        } else if (value instanceof Boolean) {
            out.append(value.toString());
        } else if (value instanceof Double || value instanceof Float) {
            number(((Number) value).doubleValue());
        } else if (value instanceof Number) {
            out.append(value.toString());
        } else if (value instanceof Map) {
            object((Map<?, ?>) value);
        } else if (value instanceof Collection) {
            array(((Collection<?>) value).toArray());
        } else if (value instanceof Object[]) {
            array((Object[]) value);
        } else if (value instanceof long[]) {
            long[] longs = (long[]) value;
            Object[] boxed = new Object[longs.length];
            for (int i = 0; i < longs.length; i++) {
                boxed[i] = longs[i];
            }
            array(boxed);
        } else if (value instanceof double[]) {
            double[] doubles = (double[]) value;
            Object[] boxed = new Object[doubles.length];
            for (int i = 0; i < doubles.length; i++) {
                boxed[i] = doubles[i];
            }
            array(boxed);
        } else {
            string(value.toString());
        }
    }

    private void number(double value) throws IOException {
        if (!Double.isFinite(value)) {
            out.append("null");
        } else if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            out.append(Long.toString((long) value)).append(".0");
        } else {
            out.append(Double.toString(value));
        }
    }

    private void object(Map<?, ?> map) throws IOException {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        out.append('{');
        depth++;
        boolean first = true;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            newline();
            string(String.valueOf(entry.getKey()));
            out.append(indentUnit.isEmpty() ? ":" : ": ");
            value(entry.getValue());
        }
        depth--;
        newline();
        out.append('}');
    }

    private void array(Object[] values) throws IOException {
        if (values.length == 0) {
            out.append("[]");
            return;
        }
        out.append('[');
        depth++;
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            newline();
            value(values[i]);
        }
        depth--;
        newline();
        out.append(']');
    }

    private void newline() throws IOException {
        if (indentUnit.isEmpty()) {
            return;
        }
        out.append('\n');
        for (int i = 0; i < depth; i++) {
            out.append(indentUnit);
        }
    }

    private void string(String s) throws IOException {
        out.append(JsonString.quote(s));
    }
}
