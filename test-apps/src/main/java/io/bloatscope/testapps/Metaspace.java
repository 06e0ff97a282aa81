package io.bloatscope.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;

/** What the class-defining apps share: their cap on metaspace, and the bytes of the class they define again and again. */
final class Metaspace {
    private Metaspace() {
    }

    /** The Metaspace pool: the apps stop defining classes past their cap so a run stays bounded. */
    static MemoryPoolMXBean pool() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace")).findFirst().orElseThrow();
    }

    /** The class file of a nested class, read from beside its outer class, so a fresh loader can define it itself. */
    static byte[] classFileOf(Class<?> nested) throws IOException {
        Class<?> outer = nested.getEnclosingClass();
        String resource = nested.getName().substring(outer.getPackageName().length() + 1) + ".class";
        try (InputStream in = outer.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found next to " + outer.getSimpleName());
            }
            return in.readAllBytes();
        }
    }
}
