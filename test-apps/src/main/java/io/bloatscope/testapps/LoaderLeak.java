package io.bloatscope.testapps;

import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * A class-loader leak whose loaders also hold heap, as a hot-redeploying server or a per-tenant
 * rules engine leaves behind: every {@link #deploy} creates a class loader, defines in it a fresh
 * copy of {@link Extension} (a handful of methods, so some KB of metaspace each) and configures it;
 * configuring fills the class's own static lookup table ({@code --table-kb}, default 24 KB of heap).
 * A registry of "deployments" that is never cleaned keeps every instance, so its class, its loader
 * and its table stay reachable: metaspace, class space, the loaded class count <em>and</em> the
 * heap's live set after GC grow together, the heap several times faster in bytes. Expected
 * verdict: <b>METASPACE_LEAK</b> first (the one cause: class loaders that are never released),
 * with the heap growth as part of its evidence, not HEAP_LEAK ranked above it.
 *
 * <p>Unlike {@link MetaspaceLeak} (metaspace-heavy loaders holding almost no heap), each loader
 * here holds more heap than metaspace, and the loader delegates to the application's loader (so
 * the extension can see this app's classes, as real plugins do).
 *
 * <p>Each deployment also reads a descriptor of {@code --garbage-kb} (short-lived, default 128 KB),
 * so young collections come every second or so on a small heap and the live set's growth is seen
 * after them; with a heap of 64–128 MB the old generation also reaches G1's occupancy threshold
 * within 10–20 s, so an old collection confirms it.
 *
 * <p>Options: {@code --rate} deployments per second (default 120: about 3 MB/s of tables, under
 * 1 MB/s of metaspace), {@code --table-kb} heap per loaded class (default 24), {@code --garbage-kb}
 * (default 128), {@code --max-mb} Metaspace pool usage after which it holds steady (default 256),
 * {@code --seconds}. Prints {@code deployments=<n> metaspaceUsedBytes=<n>} before
 * {@code DONE}.
 */
public final class LoaderLeak {
    private static final List<IntConsumer> DEPLOYMENTS = new ArrayList<>();

    /**
     * The class every deployment defines afresh. Its static table is per class, so per loader: the
     * heap a leaked loader pins beyond its own bookkeeping. Uses only java.* types in its signatures.
     */
    public static final class Extension implements IntConsumer {
        static byte[] lookupTable;
        private long calls;

        @Override
        public void accept(int tableBytes) {
            if (lookupTable == null) {
                byte[] table = new byte[tableBytes];
                for (int i = 0; i < table.length; i += 64) {
                    table[i] = (byte) mix(i); // written, so the pages are really used
                }
                lookupTable = table;
            }
            calls++;
        }

        int mix(int x) { return rotate(x * 0x9E3779B9) ^ (x >>> 7); }
        int rotate(int x) { return Integer.rotateLeft(x, 13); }
        long score(String key) { return key.hashCode() * 31L + calls; }
        String describe() { return "extension with " + (lookupTable == null ? 0 : lookupTable.length) + " table bytes"; }
        boolean matches(String key, int bucket) { return (score(key) & 15) == bucket; }
        long route(long id) { return (id ^ (id >>> 17)) * 0xBF58476D1CE4E5B9L; }
        long fallback(long id) { return route(id + 1) ^ route(id - 1); }
        double weight(long id) { return (route(id) >>> 11) * 0x1.0p-53; }
    }

    /** One loader per deployment; defines Extension itself, delegates everything else to the app's loader. */
    static final class DeploymentLoader extends ClassLoader {
        DeploymentLoader(ClassLoader parent) {
            super(parent);
        }

        Class<?> define(byte[] classBytes) {
            return defineClass(Extension.class.getName(), classBytes, 0, classBytes.length);
        }
    }

    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 120L, "table-kb", 24L, "garbage-kb", 128L, "max-mb", 256L));
        long rate = args.positive("rate");
        int tableBytes = (int) args.positive("table-kb") << 10;
        int garbageBytes = args.getInt("garbage-kb") << 10;
        long maxBytes = args.get("max-mb") << 20;
        byte[] extensionBytes = Metaspace.classFileOf(Extension.class);
        MemoryPoolMXBean metaspace = Metaspace.pool();
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            if (metaspace.getUsage().getUsed() < maxBytes) {
                for (long i = run.perStep(rate); i > 0; i--) {
                    readDescriptor(garbageBytes);
                    deploy(extensionBytes, tableBytes);
                }
            }
        }
        System.out.println("deployments=" + DEPLOYMENTS.size() + " metaspaceUsedBytes=" + metaspace.getUsage().getUsed());
        run.finish();
    }

    static void deploy(byte[] extensionBytes, int tableBytes) throws ReflectiveOperationException {
        Class<?> extensionClass = new DeploymentLoader(LoaderLeak.class.getClassLoader()).define(extensionBytes);
        IntConsumer extension = (IntConsumer) extensionClass.getDeclaredConstructor().newInstance();
        extension.accept(tableBytes);
        DEPLOYMENTS.add(extension); // never undeployed: instance -> class -> loader, and the class's table
    }

    /** Where the descriptor's digest goes, so the JIT must really read (and allocate) it. */
    static volatile long descriptorDigest;

    private static void readDescriptor(int bytes) {
        byte[] descriptor = new byte[bytes];
        long digest = 17;
        for (int i = 0; i < descriptor.length; i += 512) {
            descriptor[i] = (byte) i;
            digest = digest * 31 + descriptor[i];
        }
        descriptorDigest = digest;
    }

}
