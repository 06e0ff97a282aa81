package io.bloatscope.agent.os;

import io.bloatscope.format.text.LineCursor;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The file-backed mappings listed in {@code /proc/self/maps}, walked by file name: both the glibc
 * version and the allocator in use are told by which library is mapped.
 */
public final class MappedFiles {
    /** A test on one mapping's file name, which starts at {@code nameStart} on the cursor's current line. */
    interface NameTest {
        boolean matches(LineCursor cursor, int nameStart);
    }

    private MappedFiles() {
    }

    /** The text of this process's maps, read once; null when it cannot be read. */
    public static String read() {
        try {
            return ProcFile.readOnce(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    /** The path of the first mapped file whose name passes {@code test}, or null. */
    static String firstPath(CharSequence maps, NameTest test) {
        LineCursor cursor = new LineCursor().reset(maps);
        while (cursor.nextLine()) {
            if (!cursor.seek('/')) {
                continue;
            }
            int pathStart = cursor.position();
            int nameStart = pathStart;
            for (int i = pathStart; i < cursor.lineEnd(); i++) {
                if (cursor.regionEquals(i, i + 1, "/")) {
                    nameStart = i + 1;
                }
            }
            if (test.matches(cursor, nameStart)) {
                return cursor.text(pathStart, cursor.lineEnd());
            }
        }
        return null;
    }
}
