package io.bloatscope.report.read;

import java.util.List;
import java.util.Map;

/** Reads nested values out of parsed JSON by dotted path, e.g. {@code "heap.usedAfterGcBytes"}. */
public final class Fields {
    private Fields() {
    }

    /** The value at {@code path}, or null when any step is missing or of another kind. */
    public static Object get(Object root, String path) {
        Object current = root;
        for (String step : path.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(step);
        }
        return current;
    }

    /** The number at {@code path} as a long, or {@code fallback} when absent or not a number. */
    public static long getLong(Object root, String path, long fallback) {
        Object value = get(root, path);
        return value instanceof Number ? ((Number) value).longValue() : fallback;
    }

    /** The list at {@code path}, or an empty list. */
    @SuppressWarnings("unchecked")
    public static List<Object> getList(Object root, String path) {
        Object value = get(root, path);
        return value instanceof List ? (List<Object>) value : List.of();
    }

    /** The element of the list at {@code path} whose {@code key} equals {@code value}, or null. */
    public static Map<?, ?> find(Object root, String path, String key, Object value) {
        for (Object element : getList(root, path)) {
            if (element instanceof Map && value.equals(((Map<?, ?>) element).get(key))) {
                return (Map<?, ?>) element;
            }
        }
        return null;
    }
}
