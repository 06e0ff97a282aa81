package io.bloatscope.agent.os;


/**
 * Which malloc the process runs on, for the header:
 * <pre>"allocator":{"name":"glibc"|"jemalloc"|"tcmalloc"|"mimalloc"|"musl"|"unknown",
 *   "library":"/path/or/null","source":"maps"|"ldPreload"|"default"}</pre>
 * glibc's figures (smaps arenas, {@code malloc_info}, trim) describe malloc only when glibc's
 * malloc is the one in use; a preloaded jemalloc or tcmalloc replaces it, and the report must know.
 *
 * <p>Found once at start from {@code /proc/self/maps}: a mapped shared library whose file name
 * starts with {@code libjemalloc}, {@code libtcmalloc} (gperftools' {@code libtcmalloc_minimal}
 * too) or {@code libmimalloc}, or musl's {@code ld-musl}/{@code libc.musl} loader ({@code source:
 * "maps"}). An allocator linked into the application's own native code is not seen; neither is one
 * loaded by {@code System.load} after start, which would not replace malloc anyway. When maps cannot
 * be read, {@code LD_PRELOAD} names it ({@code "ldPreload"}); otherwise glibc when its version was
 * found ({@code "default"}), else {@code unknown}.
 */
public final class MappedAllocator {
    private static final String[][] LIBRARIES = {
        {"libjemalloc", "jemalloc"},
        {"libtcmalloc", "tcmalloc"},
        {"libmimalloc", "mimalloc"},
        {"ld-musl", "musl"},
        {"libc.musl", "musl"},
    };

    public final String name;
    /** The library's path; null for glibc and unknown. */
    public final String library;
    public final String source;

    private MappedAllocator(String name, String library, String source) {
        this.name = name;
        this.library = library;
        this.source = source;
    }

    /** This process's allocator from its maps already read ({@link MappedFiles#read}); never throws. */
    public static MappedAllocator detect(CharSequence maps, String glibcVersion) {
        return from(maps, System.getenv("LD_PRELOAD"), glibcVersion);
    }

    /**
     * @param maps the text of {@code /proc/self/maps}, null when it could not be read
     * @param ldPreload the {@code LD_PRELOAD} variable, or null
     * @param glibcVersion the header's glibc version, or null
     */
    static MappedAllocator from(CharSequence maps, String ldPreload, String glibcVersion) {
        if (maps != null) {
            MappedAllocator mapped = fromMaps(maps);
            if (mapped != null) {
                return mapped;
            }
        } else if (ldPreload != null) {
            // Without maps the preload list is the best evidence: a listed allocator is loaded first.
            for (String path : ldPreload.split("[ :]")) {
                String name = allocatorOf(path.substring(path.lastIndexOf('/') + 1));
                if (name != null) {
                    return new MappedAllocator(name, path, "ldPreload");
                }
            }
        }
        return glibcVersion != null
                ? new MappedAllocator("glibc", null, "default")
                : new MappedAllocator("unknown", null, "default");
    }

    private static MappedAllocator fromMaps(CharSequence maps) {
        String path = MappedFiles.firstPath(maps,
                (cursor, nameStart) -> allocatorOf(cursor.text(nameStart, cursor.lineEnd())) != null);
        return path == null ? null
                : new MappedAllocator(allocatorOf(path.substring(path.lastIndexOf('/') + 1)), path, "maps");
    }

    /** The allocator a library file name belongs to, or null. */
    private static String allocatorOf(String fileName) {
        for (String[] library : LIBRARIES) {
            if (fileName.startsWith(library[0])) {
                return library[1];
            }
        }
        return null;
    }
}
