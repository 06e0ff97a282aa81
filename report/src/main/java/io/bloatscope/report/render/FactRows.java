package io.bloatscope.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's header facts as flat (key, value) rows for a table: nested objects become dotted keys
 * ({@code jvm.version}), lists are joined, values are shown in the unit their key names.
 */
final class FactRows {
    private FactRows() {
    }

    static List<String[]> of(Map<String, Object> facts) {
        List<String[]> rows = new ArrayList<>();
        if (facts != null) {
            add("", facts, rows);
        }
        return rows;
    }

    /**
     * A fact by dotted key, whether the facts hold it nested ({@code jvm} → {@code version}) or
     * flat ({@code "jvm.version"}); null when absent.
     */
    static Object find(Map<String, Object> facts, String dottedKey) {
        if (facts == null) {
            return null;
        }
        if (facts.containsKey(dottedKey)) {
            return facts.get(dottedKey);
        }
        Object current = facts;
        for (String step : dottedKey.split("\\.")) {
            if (!(current instanceof Map)) {
                return null;
            }
            current = ((Map<?, ?>) current).get(step);
        }
        return current;
    }

    /** "java -jar app.jar (pid 42, JDK 17.0.15)" or whatever part of it the facts have. */
    static String subject(Map<String, Object> facts) {
        Object command = find(facts, "jvm.command");
        Object pid = find(facts, "pid");
        Object version = find(facts, "jvm.version");
        StringBuilder subject = new StringBuilder(command == null ? "a JVM" : command.toString());
        List<String> details = new ArrayList<>();
        if (pid != null) {
            details.add("pid " + pid);
        }
        if (version != null) {
            details.add("JDK " + version);
        }
        if (!details.isEmpty()) {
            subject.append(" (").append(String.join(", ", details)).append(')');
        }
        return subject.toString();
    }

    private static void add(String prefix, Map<?, ?> map, List<String[]> rows) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map && !((Map<?, ?>) value).isEmpty()) {
                add(key + ".", (Map<?, ?>) value, rows);
            } else {
                rows.add(new String[] {key, HumanUnits.value(String.valueOf(entry.getKey()), value)});
            }
        }
    }
}
