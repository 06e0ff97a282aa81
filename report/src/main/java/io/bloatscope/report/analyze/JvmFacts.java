package io.bloatscope.report.analyze;

import io.bloatscope.report.read.Fields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the run's header says about the JVM, as the detectors and remedies need it. */
final class JvmFacts {
    static final int KNOWN_SCHEMA = 2;
    private static final Pattern VERSION = Pattern.compile("^(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?");

    final boolean hasHeader;
    final long schema;
    final int feature;
    final int update;
    final String version;
    final String nmtMode;
    final String glibcVersion;
    final String mallocArenaMax;
    final String ldPreload;
    final List<String> inputArguments;
    final List<String> collectors;
    final Allocator allocator;

    JvmFacts(Map<String, Object> header) {
        hasHeader = header != null;
        schema = Fields.getLong(header, "schema", KNOWN_SCHEMA);
        version = header == null ? null : String.valueOf(Fields.get(header, "jvm.version"));
        Matcher m = VERSION.matcher(version == null ? "" : version);
        int parsedFeature = (int) Fields.getLong(header, "jvm.feature", -1);
        int parsedUpdate = -1;
        if (m.find()) {
            if (parsedFeature < 0) {
                parsedFeature = Integer.parseInt(m.group(1));
            }
            parsedUpdate = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
        }
        feature = parsedFeature;
        update = parsedUpdate;
        Object nmt = Fields.get(header, "nmt.mode");
        nmtMode = nmt == null ? "unknown" : nmt.toString();
        glibcVersion = string(header, "glibcVersion");
        mallocArenaMax = string(header, "mallocArenaMax");
        ldPreload = string(header, "ldPreload");
        inputArguments = strings(header, "inputArguments");
        collectors = strings(header, "gc");
        allocator = Allocator.of(string(header, "allocator.name"), string(header, "allocator.source"),
                string(header, "allocator.library"), ldPreload, glibcVersion);
    }

    private static String string(Map<String, Object> header, String path) {
        Object value = Fields.get(header, path);
        return value == null ? null : value.toString();
    }

    private static List<String> strings(Map<String, Object> header, String path) {
        List<String> out = new ArrayList<>();
        for (Object o : Fields.getList(header, path)) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /**
     * -XX:TrimNativeHeapInterval (JDK-8293114): JDK 22, backported to 21.0.1 and 17.0.9; JDK 18-20
     * never had it. It was experimental until JDK-8325496 made it a product switch (JDK 23, backported
     * to 22.0.1, 21.0.3 and 17.0.11), see {@link #trimIntervalNeedsUnlock()}.
     */
    boolean hasTrimNativeHeapInterval() {
        return feature >= 22 || (feature == 21 && update >= 1) || (feature == 17 && update >= 9);
    }

    boolean trimIntervalNeedsUnlock() {
        return (feature == 17 && update < 11) || (feature == 21 && update < 3) || (feature == 22 && update < 1);
    }

    /** jcmd System.trim_native_heap: JDK 18+ (JDK-8269345), and 17.0.9+ with the same backport. */
    boolean hasTrimCommand() {
        return feature >= 18 || (feature == 17 && update >= 9);
    }

    boolean nmtOn() {
        return "summary".equals(nmtMode) || "detail".equals(nmtMode);
    }

    boolean usesG1() {
        return collectors.stream().anyMatch(c -> c.startsWith("G1")) ;
    }

    boolean usesZgc() {
        return collectors.stream().anyMatch(c -> c.startsWith("ZGC"));
    }

    boolean usesShenandoah() {
        return collectors.stream().anyMatch(c -> c.startsWith("Shenandoah"));
    }

    boolean hasArgument(String prefix) {
        return inputArguments.stream().anyMatch(a -> a.startsWith(prefix));
    }

    boolean preloadsAllocator() {
        return !allocator.isGlibc();
    }
}
