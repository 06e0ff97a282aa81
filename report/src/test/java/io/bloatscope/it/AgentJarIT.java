package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The distributable jar leaks nothing into the target: every class lies under the project's own
 * package (bundled libraries relocated), no services file can make a ServiceLoader in the
 * application find one of our classes, and the premain class depends on JDK types only.
 */
class AgentJarIT {
    private static final String PREFIX = "io/bloatscope/";

    @Test
    void everyClassIsUnderTheProjectPrefix() throws IOException {
        List<String> outside = new ArrayList<>();
        int classes = 0;
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (entry.getName().endsWith(".class")) {
                    classes++;
                    if (!entry.getName().startsWith(PREFIX)) {
                        outside.add(entry.getName());
                    }
                }
            }
        }
        assertTrue(classes > 100, "the jar should bundle the agent and its relocated libraries");
        assertEquals(List.of(), outside, "classes outside " + PREFIX + " would clash with the application's");
    }

    /**
     * The project's own library that applications may have too ({@code bloatscope-format}, which
     * {@code bloatscope-junit} brings) is under the prefix but must still be relocated: the prefix
     * test cannot see it, so it is named here. junit's FormatIsolationIT runs such an application.
     */
    @Test
    void theFormatModuleIsRelocated() throws IOException {
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            assertTrue(jar.getEntry("io/bloatscope/shaded/format/Json.class") != null, "the format is bundled");
            assertEquals(List.of(), jar.stream().map(JarEntry::getName).filter(name -> name.startsWith("io/bloatscope/format/"))
                    .collect(java.util.stream.Collectors.toList()), "bundled under its own name it would meet the application's");
        }
    }

    @Test
    void noServicesFileNamesAClassOutsideThePrefix() throws IOException {
        List<String> offending = new ArrayList<>();
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            for (JarEntry entry : (Iterable<JarEntry>) jar.stream()::iterator) {
                if (entry.getName().startsWith("META-INF/services/") && !entry.isDirectory()) {
                    String service = entry.getName().substring("META-INF/services/".length());
                    if (!service.startsWith("io.bloatscope.")) {
                        offending.add(entry.getName());
                    }
                    try (InputStream in = jar.getInputStream(entry)) {
                        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                            String provider = line.replaceAll("#.*", "").trim();
                            if (!provider.isEmpty() && !provider.startsWith("io.bloatscope.")) {
                                offending.add(entry.getName() + " -> " + provider);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), offending);
    }

    @Test
    void manifestServesAgentAndCommandLine() throws IOException {
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile())) {
            Attributes main = jar.getManifest().getMainAttributes();
            assertEquals("io.bloatscope.agent.AgentPremain", main.getValue("Premain-Class"));
            assertEquals("io.bloatscope.agent.AgentPremain", main.getValue("Agent-Class"));
            assertEquals("io.bloatscope.cli.Main", main.getValue("Main-Class"));
            assertEquals("true", main.getValue("Can-Retransform-Classes"));
        }
    }

    @Test
    void premainClassReferencesOnlyJdkTypes() throws IOException {
        List<String> referenced;
        try (JarFile jar = new JarFile(ForkedApp.AGENT_JAR.toFile());
                InputStream in = jar.getInputStream(jar.getEntry("io/bloatscope/agent/AgentPremain.class"))) {
            referenced = classReferences(new DataInputStream(in));
        }
        List<String> nonJdk = new ArrayList<>();
        for (String name : referenced) {
            String type = name.replaceAll("^\\[+L?|;$", "");
            if (!type.startsWith("java/") && !type.equals("io/bloatscope/agent/AgentPremain") && type.contains("/")) {
                nonJdk.add(type);
            }
        }
        assertTrue(referenced.contains("java/lang/instrument/Instrumentation"), "sanity: " + referenced);
        assertEquals(List.of(), nonJdk, "the premain class must load nothing but JDK types");
    }

    /** The CONSTANT_Class entries of a class file: every type the class can load by itself. */
    private static List<String> classReferences(DataInputStream in) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        List<Integer> classNameIndexes = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = in.readUTF(); break;
                case 7: classNameIndexes.add(in.readUnsignedShort()); break;
                case 8: case 16: case 19: case 20: in.readUnsignedShort(); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: in.readInt(); break;
                case 15: in.readUnsignedByte(); in.readUnsignedShort(); break;
                case 5: case 6: in.readLong(); i++; break;
                default: throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> names = new ArrayList<>();
        for (int index : classNameIndexes) {
            names.add(utf8[index]);
        }
        return names;
    }
}
