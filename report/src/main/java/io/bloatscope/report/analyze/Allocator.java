package io.bloatscope.report.analyze;

import java.util.Locale;

/**
 * The malloc the target ran on, from the header: the agent's {@code allocator} (the libraries mapped
 * into the process), else {@code LD_PRELOAD}, else glibc where its version was found. glibc's
 * figures (malloc_info, its arenas in smaps, malloc_trim) describe nothing of jemalloc, tcmalloc,
 * mimalloc or musl, so with those the malloc parts of the ledger are not judged from them.
 */
final class Allocator {
    final String name;
    /** Where the name came from: "maps", "ldPreload", "default" (glibc found) or "unknown". */
    final String source;
    final String library;

    Allocator(String name, String source, String library) {
        this.name = name;
        this.source = source;
        this.library = library;
    }

    static Allocator of(String headerName, String headerSource, String headerLibrary, String ldPreload,
            String glibcVersion) {
        if (headerName != null && !headerName.isBlank() && !"unknown".equals(headerName)) {
            return new Allocator(headerName.toLowerCase(Locale.ROOT), headerSource == null ? "maps" : headerSource,
                    headerLibrary);
        }
        String preloaded = fromLibrary(ldPreload);
        if (preloaded != null) {
            return new Allocator(preloaded, "ldPreload", ldPreload);
        }
        if (glibcVersion != null) {
            return new Allocator("glibc", "default", null);
        }
        return new Allocator("unknown", "unknown", null);
    }

    /** The allocator a library path names, or null. */
    static String fromLibrary(String path) {
        if (path == null) {
            return null;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("jemalloc")) {
            return "jemalloc";
        }
        if (lower.contains("tcmalloc")) {
            return "tcmalloc";
        }
        if (lower.contains("mimalloc")) {
            return "mimalloc";
        }
        if (lower.contains("musl")) {
            return "musl";
        }
        return null;
    }

    /** glibc, or no header to say otherwise (old runs): glibc's figures describe malloc. */
    boolean isGlibc() {
        return "glibc".equals(name) || "unknown".equals(name);
    }

    /** A one-line description for notes, e.g. "jemalloc (LD_PRELOAD /usr/lib/…/libjemalloc.so.2)". */
    String describe() {
        String where = "ldPreload".equals(source) ? "LD_PRELOAD " : "mapped ";
        return name + (library == null ? "" : " (" + where + library + ")");
    }
}
