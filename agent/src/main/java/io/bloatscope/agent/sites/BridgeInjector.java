package io.bloatscope.agent.sites;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Puts the bridge classes on the bootstrap class path. A class of its own, naming the bridge only
 * in strings: had the application class loader loaded a bridge class first (the verifier of a
 * class that uses it may), the JDK and the agent would see two different bridges.
 */
public final class BridgeInjector {
    /** In definition order: the interface before the class that names it. */
    static final String[] BRIDGE_CLASSES = {
        "io.bloatscope.agent.bridge.NativeEvents", "io.bloatscope.agent.bridge.NativeBridge"};

    private BridgeInjector() {
    }

    /**
     * Defines the bridge classes in the bootstrap loader, unless an earlier attach did. Must run
     * before anything in the agent touches a bridge class.
     *
     * <p>First choice is {@code jdk.internal.misc.Unsafe.defineClass} with the bootstrap loader
     * (exported to us through the Instrumentation): appending to the bootstrap class path instead
     * makes HotSpot print a CDS warning on the application's console and stop sharing archived
     * application classes. The append remains the fallback.
     */
    public static void inject(Instrumentation instrumentation) throws IOException {
        try {
            Class.forName(BRIDGE_CLASSES[0], false, null);
            return; // an earlier start defined it
        } catch (ClassNotFoundException absent) {
            // define below
        }
        try {
            Module javaBase = Object.class.getModule();
            instrumentation.redefineModule(javaBase, java.util.Set.of(), java.util.Map.of("jdk.internal.misc",
                    java.util.Set.of(BridgeInjector.class.getModule())), java.util.Map.of(), java.util.Set.of(),
                    java.util.Map.of());
            Class<?> unsafeType = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeType.getMethod("getUnsafe").invoke(null);
            java.lang.reflect.Method define = unsafeType.getMethod("defineClass", String.class, byte[].class,
                    int.class, int.class, ClassLoader.class, java.security.ProtectionDomain.class);
            for (String name : BRIDGE_CLASSES) {
                byte[] bytes = classBytes(name);
                define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError refused) {
            appendJar(instrumentation);
        }
    }

    private static byte[] classBytes(String name) throws IOException {
        try (InputStream in = BridgeInjector.class.getClassLoader().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new IOException("bridge class " + name + " missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /**
     * Appends a small jar holding the bridge classes to the bootstrap class path, unless an earlier
     * attach did. Must run before anything in the agent touches a bridge class.
     */
    private static void appendJar(Instrumentation instrumentation) throws IOException {
        Path jar = Files.createTempFile("bloatscope-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        ClassLoader agentLoader = BridgeInjector.class.getClassLoader();
        // A plain stream: a channel's writes would leave a cached temporary direct buffer on this thread.
        try (OutputStream file = new FileOutputStream(jar.toFile()); JarOutputStream out = new JarOutputStream(file)) {
            for (String name : BRIDGE_CLASSES) {
                String resource = name.replace('.', '/') + ".class";
                try (InputStream in = agentLoader.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("bridge class " + resource + " missing from the agent jar");
                    }
                    out.putNextEntry(new ZipEntry(resource));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        instrumentation.appendToBootstrapClassLoaderSearch(new JarFile(jar.toFile()));
    }

}
