package io.bloatscope.agent.os;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The version of the glibc this process runs on, for the snapshot header: arena behaviour
 * (MALLOC_ARENA_MAX defaults, malloc_info's accounting, trim) differs between releases.
 *
 * <p>Without native code the version cannot be asked for ({@code gnu_get_libc_version}), so it is
 * read from the library itself: the C library mapped into the process (found in
 * {@code /proc/self/maps}) carries the banner "GNU C Library (...) stable release version 2.NN".
 * Before glibc 2.34 the file name ({@code libc-2.31.so}) already says it, and that is tried first.
 * musl maps {@code ld-musl-*.so.1} and no libc.so.6, so the answer there is null.
 */
public final class GlibcVersion {
    private static final String BANNER = "GNU C Library";
    private static final byte[] VERSION = "version ".getBytes(StandardCharsets.US_ASCII);
    /** The banner is one line; the version follows within this many bytes of its start. */
    private static final int BANNER_WINDOW = 256;

    private GlibcVersion() {
    }

    /** "2.36", or null when the process does not run on glibc or it cannot be told. */
    public static String detect() {
        return detect(MappedFiles.read());
    }

    /** The same from this process's maps already read ({@link MappedFiles#read}; null when unreadable). */
    public static String detect(CharSequence maps) {
        if (maps == null) {
            return null;
        }
        try {
            String libc = libcPath(maps);
            if (libc == null) {
                return null;
            }
            String fromName = versionFromFileName(libc);
            if (fromName != null) {
                return fromName;
            }
            // A FileInputStream, not Files.newInputStream: a channel would read through a cached
            // temporary direct buffer (see ProcFile.readOnce).
            try (InputStream in = new FileInputStream(libc)) {
                return versionFromBanner(in);
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The path of the mapped glibc ({@code libc.so.6} or {@code libc-2.NN.so}), or null. */
    static String libcPath(CharSequence maps) {
        return MappedFiles.firstPath(maps, (cursor, nameStart) -> {
            cursor.position(nameStart);
            return cursor.at("libc.so.6") || (cursor.at("libc-2.") && cursor.find(".so"));
        });
    }

    static String versionFromFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith("libc-") && name.endsWith(".so")) {
            return name.substring("libc-".length(), name.length() - ".so".length());
        }
        return null;
    }

    /**
     * Scans a library for the banner and returns the dotted version after "version ", or null.
     * Reads in chunks that overlap by the banner window, so a banner across a chunk boundary is
     * still found, and never holds the 2 MB library in memory.
     */
    static String versionFromBanner(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int kept = 0;
        while (true) {
            int n = in.read(buffer, kept, Math.min(buffer.length - kept, ProcFile.MAX_READ_BYTES));
            int length = kept + (n < 0 ? 0 : n);
            int searchEnd = n < 0 ? length : length - BANNER_WINDOW;
            // String.indexOf, not a loop of our own: this package is kept interpreted (see
            // InterpretedSamplingCode), where a byte loop over glibc's 2 MB (the banner sits near
            // the end) took ~40 ms of CPU at every start; the JDK's search is compiled.
            String chunk = new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
            for (int i = chunk.indexOf(BANNER); i >= 0 && i < searchEnd; i = chunk.indexOf(BANNER, i + 1)) {
                String version = versionAfter(buffer, i, Math.min(length, i + BANNER_WINDOW));
                if (version != null) {
                    return version;
                }
            }
            if (n < 0) {
                return null;
            }
            kept = Math.max(0, length - Math.max(0, searchEnd));
            System.arraycopy(buffer, length - kept, buffer, 0, kept);
        }
    }

    private static String versionAfter(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n' || bytes[i] == 0) {
                return null;
            }
            if (regionEquals(bytes, i, to, VERSION)) {
                int start = i + VERSION.length;
                int end = start;
                while (end < to && (Character.isDigit(bytes[end]) || bytes[end] == '.')) {
                    end++;
                }
                while (end > start && bytes[end - 1] == '.') {
                    end--; // the banner's sentence ends in a full stop
                }
                return end > start ? new String(bytes, start, end - start, StandardCharsets.US_ASCII) : null;
            }
        }
        return null;
    }

    private static boolean regionEquals(byte[] bytes, int from, int limit, byte[] word) {
        if (from + word.length > limit) {
            return false;
        }
        for (int i = 0; i < word.length; i++) {
            if (bytes[from + i] != word[i]) {
                return false;
            }
        }
        return true;
    }
}
