package io.bloatscope.agent.sites;

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
    static final String[] BRIDGE_CLASSES = {
        "io.bloatscope.agent.bridge.NativeBridge", "io.bloatscope.agent.bridge.NativeEvents"};

    private BridgeInjector() {
    }

    /**
     * Appends a small jar holding the bridge classes to the bootstrap class path, unless an earlier
     * attach did. Must run before anything in the agent touches a bridge class.
     */
    public static void inject(Instrumentation instrumentation) throws IOException {
        try {
            Class.forName(BRIDGE_CLASSES[0], false, null);
            return; // already on the bootstrap class path
        } catch (ClassNotFoundException absent) {
            // inject below
        }
        Path jar = Files.createTempFile("bloatscope-bridge-", ".jar");
        jar.toFile().deleteOnExit();
        ClassLoader agentLoader = BridgeInjector.class.getClassLoader();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
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
