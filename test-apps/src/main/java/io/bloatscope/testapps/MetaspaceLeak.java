package io.bloatscope.testapps;

import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A class loader leak, as left behind by redeployments or per-request script compilation: every
 * step {@link #loadAnotherPlugin} creates a new class loader, defines a fresh copy of the small
 * {@link Plugin} class in it (from this app's own class file bytes) and keeps the loader, the class
 * and an instance reachable. Expected verdict: <b>METASPACE_LEAK</b>, because the Metaspace (and
 * Compressed Class Space) pools and the loaded class count climb steadily and are never unloaded:
 * about 10 KB of metaspace per loader (2 MB/s at the default rate) against about 2 KB of heap.
 *
 * <p>Options: {@code --rate} loaders per second (default 200), {@code --max-mb} Metaspace pool
 * usage after which the leak holds steady (default 256), {@code --seconds}.
 */
public final class MetaspaceLeak {
    private static final List<Object> LOADED_PLUGINS = new ArrayList<>();

    /**
     * The class copied into every new loader; it uses only java.lang so any parent can resolve it.
     * Its methods are ballast: each costs metaspace (Method, ConstMethod, vtable slot) but no heap,
     * so per loader metaspace grows several times faster than the heap (loader, mirror, instance).
     */
    public static final class Plugin {
        @Override
        public String toString() {
            return "plugin " + step31(step00(System.identityHashCode(this)));
        }

        public long step00(long x) { return x * 31 + 0; }
        public long step01(long x) { return x * 33 + 1; }
        public long step02(long x) { return x * 35 + 2; }
        public long step03(long x) { return x * 37 + 3; }
        public long step04(long x) { return x * 39 + 4; }
        public long step05(long x) { return x * 41 + 5; }
        public long step06(long x) { return x * 43 + 6; }
        public long step07(long x) { return x * 45 + 7; }
        public long step08(long x) { return x * 47 + 8; }
        public long step09(long x) { return x * 49 + 9; }
        public long step10(long x) { return x * 51 + 10; }
        public long step11(long x) { return x * 53 + 11; }
        public long step12(long x) { return x * 55 + 12; }
        public long step13(long x) { return x * 57 + 13; }
        public long step14(long x) { return x * 59 + 14; }
        public long step15(long x) { return x * 61 + 15; }
        public long step16(long x) { return x * 63 + 16; }
        public long step17(long x) { return x * 65 + 17; }
        public long step18(long x) { return x * 67 + 18; }
        public long step19(long x) { return x * 69 + 19; }
        public long step20(long x) { return x * 71 + 20; }
        public long step21(long x) { return x * 73 + 21; }
        public long step22(long x) { return x * 75 + 22; }
        public long step23(long x) { return x * 77 + 23; }
        public long step24(long x) { return x * 79 + 24; }
        public long step25(long x) { return x * 81 + 25; }
        public long step26(long x) { return x * 83 + 26; }
        public long step27(long x) { return x * 85 + 27; }
        public long step28(long x) { return x * 87 + 28; }
        public long step29(long x) { return x * 89 + 29; }
        public long step30(long x) { return x * 91 + 30; }
        public long step31(long x) { return x * 93 + 31; }
    }

    /** A loader per "deployment"; it defines Plugin itself instead of delegating to the app loader. */
    static final class PluginLoader extends ClassLoader {
        PluginLoader() {
            super(null); // unnamed: a name would add heap per loader for nothing
        }

        Class<?> define(byte[] classBytes) {
            return defineClass(Plugin.class.getName(), classBytes, 0, classBytes.length);
        }
    }

    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 200L, "max-mb", 256L));
        long rate = args.positive("rate");
        long maxBytes = args.get("max-mb") << 20;
        byte[] pluginBytes = Metaspace.classFileOf(Plugin.class);
        MemoryPoolMXBean metaspace = Metaspace.pool();
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
            Class<?> pluginClass = new PluginLoader().define(pluginBytes);
            Object plugin = pluginClass.getDeclaredConstructor().newInstance();
            if (plugin.toString().isEmpty()) {
                throw new AssertionError("plugin did not initialise");
            }
            LOADED_PLUGINS.add(plugin); // the instance keeps its class, and the class its loader
        }
    }
}
