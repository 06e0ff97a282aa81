package io.bloatscope.schema;

import io.bloatscope.format.Json;
import io.bloatscope.report.json.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * One change to a real JSON document, by dotted path ({@code heap.pools.0.usedBytes}: a number
 * steps into an array): the negative cases of {@link SchemaTest} break real output one field at a
 * time instead of hand-writing documents that could drift from what the agent writes.
 */
final class Mutation {
    private Mutation() {
    }

    static String set(String json, String path, Object value) {
        return parentOf(Json.parseObject(json), path).set(value);
    }

    static String remove(String json, String path) {
        return parentOf(Json.parseObject(json), path).remove();
    }

    private static Step parentOf(Map<String, Object> root, String path) {
        String[] keys = path.split("\\.");
        Object node = root;
        for (int i = 0; i < keys.length - 1; i++) {
            node = child(node, keys[i], path);
        }
        return new Step(root, node, keys[keys.length - 1], path);
    }

    private static Object child(Object node, String key, String path) {
        Object next = node instanceof List<?> list ? list.get(Integer.parseInt(key)) : ((Map<?, ?>) node).get(key);
        if (next == null) {
            throw new IllegalArgumentException("no " + key + " on the way to " + path);
        }
        return next;
    }

    private record Step(Map<String, Object> root, Object parent, String key, String path) {
        @SuppressWarnings("unchecked")
        String set(Object value) {
            if (parent instanceof List<?> list) {
                ((List<Object>) list).set(Integer.parseInt(key), value);
            } else {
                ((Map<String, Object>) parent).put(key, value);
            }
            return write(root);
        }

        String remove() {
            Object removed = parent instanceof List<?> list ? list.remove(Integer.parseInt(key))
                    : ((Map<?, ?>) parent).remove(key);
            if (removed == null) {
                throw new IllegalArgumentException("nothing to remove at " + path);
            }
            return write(root);
        }
    }

    private static String write(Object root) {
        StringBuilder out = new StringBuilder();
        try {
            new JsonWriter(out, "").value(root);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return out.toString();
    }
}
