package io.bloatscope.testapps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A class loader leak, as left behind by redeployments or per-request script compilation: every
 * step {@link #loadAnotherPlugin} creates a new class loader, defines a fresh copy of the small
 * {@link Plugin} class in it (from this app's own class file bytes) and keeps the loader, the class
 * and an instance reachable. Expected verdict: <b>METASPACE_LEAK</b>, because the Metaspace (and
 * Compressed Class Space) pools and the loaded class count climb steadily and are never unloaded,
 * while the heap stays nearly flat.
 *
 * <p>Options: {@code --rate} loaders per second (default 200), {@code --max-mb} Metaspace pool
 * usage after which the leak holds steady (default 256), {@code --seconds}.
 */
public final class MetaspaceLeak {
    private static final List<Object> LOADED_PLUGINS = new ArrayList<>();

    /** The class copied into every new loader; it uses only java.lang so any parent can resolve it. */
    public static final class Plugin {
        private final String greeting = "plugin " + System.identityHashCode(this);

        @Override
        public String toString() {
            return greeting + " from " + getClass().getClassLoader();
        }
    }

    /** A loader per "deployment"; it defines Plugin itself instead of delegating to the app loader. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader(int generation) {
            super("plugin-loader-" + generation, null);
        }

        Class<?> define(byte[] classBytes) {
            return defineClass(Plugin.class.getName(), classBytes, 0, classBytes.length);
        }
    }

    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 200L, "max-mb", 256L));
        long rate = args.positive("rate");
        long maxBytes = args.get("max-mb") << 20;
        byte[] pluginBytes = pluginClassBytes();
        MemoryPoolMXBean metaspace = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getName().equals("Metaspace")).findFirst().orElseThrow();
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            if (metaspace.getUsage().getUsed() < maxBytes) {
                loadAnotherPlugin(run.perStep(rate), pluginBytes);
            }
        }
        System.out.println("loadedPlugins=" + LOADED_PLUGINS.size() + " metaspaceUsedBytes=" + metaspace.getUsage().getUsed());
        run.finish();
    }

    static void loadAnotherPlugin(long count, byte[] pluginBytes) throws ReflectiveOperationException {
        for (long i = 0; i < count; i++) {
            Class<?> pluginClass = new PluginLoader(LOADED_PLUGINS.size()).define(pluginBytes);
            Object plugin = pluginClass.getDeclaredConstructor().newInstance();
            if (plugin.toString().isEmpty()) {
                throw new AssertionError("plugin did not initialise");
            }
            LOADED_PLUGINS.add(plugin); // the instance keeps its class, and the class its loader
        }
    }

    private static byte[] pluginClassBytes() throws IOException {
        String resource = Plugin.class.getName().substring(MetaspaceLeak.class.getPackageName().length() + 1) + ".class";
        try (InputStream in = MetaspaceLeak.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("class file " + resource + " not found next to MetaspaceLeak");
            }
            return in.readAllBytes();
        }
    }
}
