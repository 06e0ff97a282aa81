package io.bloatscope.agent.os;

import io.bloatscope.format.text.LineCursor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this process's memory cgroup keeps its limit and usage, found once from
 * {@code /proc/self/cgroup} and {@code /proc/self/mountinfo}.
 *
 * <p>Prefers the hierarchy that actually has the memory controller: on a hybrid host the v1
 * {@code memory} hierarchy holds the numbers while the unified v2 mount has no memory controller,
 * so v1 is tried first and v2 is taken only when its {@code cgroup.controllers} lists "memory".
 * The cgroup path is made relative to the mount's root (fourth mountinfo field); when that
 * directory does not exist, as inside a container whose namespace shows the host's path, the mount
 * point itself is used, which is then the container's own cgroup.
 */
final class Cgroup {
    /** v1 writes "no limit" as the largest page-aligned long; anything this big means unlimited. */
    private static final long V1_UNLIMITED_THRESHOLD = 1L << 62;

    final int version;
    final Path limitFile;
    final Path usageFile;

    private Cgroup(int version, Path limitFile, Path usageFile) {
        this.version = version;
        this.limitFile = limitFile;
        this.usageFile = usageFile;
    }

    /** This process's memory cgroup, or null when there is none with readable numbers. */
    static Cgroup detect() throws IOException {
        return resolve(ProcFile.readOnce(Path.of("/proc/self/cgroup")),
                ProcFile.readOnce(Path.of("/proc/self/mountinfo")),
                Path.of("/"));
    }

    /**
     * Resolves against the files under {@code fsRoot} (the real root, or a fixture tree in tests).
     * Returns null when neither hierarchy yields an existing usage file.
     */
    static Cgroup resolve(CharSequence procCgroup, CharSequence mountinfo, Path fsRoot) {
        LineCursor cursor = new LineCursor();
        String v1Path = null;
        String v2Path = null;
        cursor.reset(procCgroup);
        while (cursor.nextLine()) {
            // "hierarchy-id:controller,list:/path"; v2 is "0::/path".
            if (!cursor.seek(':')) {
                continue;
            }
            int controllersStart = cursor.position() + 1;
            cursor.position(controllersStart);
            if (!cursor.seek(':')) {
                continue;
            }
            int controllersEnd = cursor.position();
            String path = cursor.text(controllersEnd + 1, cursor.lineEnd());
            if (controllersStart == controllersEnd && cursor.regionEquals(cursor.lineStart(), controllersStart - 1, "0")) {
                v2Path = path;
            } else if (hasItem(cursor, controllersStart, controllersEnd, "memory")) {
                v1Path = path;
            }
        }
        Mount v1Mount = null;
        Mount v2Mount = null;
        cursor.reset(mountinfo);
        while (cursor.nextLine()) {
            Mount mount = Mount.parse(cursor);
            if (mount == null) {
                continue;
            }
            if (mount.fsType.equals("cgroup") && mount.hasSuperOption("memory")) {
                v1Mount = mount;
            } else if (mount.fsType.equals("cgroup2") && v2Mount == null) {
                v2Mount = mount;
            }
        }
        if (v1Path != null && v1Mount != null) {
            Path dir = directory(fsRoot, v1Mount, v1Path, "memory.usage_in_bytes");
            if (dir != null) {
                return new Cgroup(1, dir.resolve("memory.limit_in_bytes"), dir.resolve("memory.usage_in_bytes"));
            }
        }
        if (v2Path != null && v2Mount != null && v2HasMemoryController(fsRoot, v2Mount)) {
            Path dir = directory(fsRoot, v2Mount, v2Path, "memory.current");
            if (dir != null) {
                return new Cgroup(2, dir.resolve("memory.max"), dir.resolve("memory.current"));
            }
        }
        return null;
    }

    /** A limit file's text in bytes, or -1 when it says unlimited ("max", or v1's huge value). */
    static long parseLimit(CharSequence text) {
        LineCursor cursor = new LineCursor().reset(text);
        if (!cursor.nextLine()) {
            throw new IllegalArgumentException("empty cgroup limit");
        }
        if (cursor.skipSpaces().at("max")) {
            return -1;
        }
        long value = cursor.readLong();
        if (value == LineCursor.NONE) {
            throw new IllegalArgumentException("not a cgroup limit: " + text);
        }
        return value >= V1_UNLIMITED_THRESHOLD ? -1 : value;
    }

    static long parseUsage(CharSequence text) {
        LineCursor cursor = new LineCursor().reset(text);
        long value = cursor.nextLine() ? cursor.readLong() : LineCursor.NONE;
        if (value == LineCursor.NONE) {
            throw new IllegalArgumentException("not a cgroup usage: " + text);
        }
        return value;
    }

    private static Path directory(Path fsRoot, Mount mount, String cgroupPath, String probeFile) {
        String relative;
        if (mount.root.equals("/")) {
            relative = cgroupPath;
        } else if (cgroupPath.startsWith(mount.root)) {
            relative = cgroupPath.substring(mount.root.length());
        } else {
            relative = "/";
        }
        Path mountPoint = under(fsRoot, mount.mountPoint);
        Path dir = under(mountPoint, relative);
        if (Files.isReadable(dir.resolve(probeFile))) {
            return dir;
        }
        return Files.isReadable(mountPoint.resolve(probeFile)) ? mountPoint : null;
    }

    private static boolean v2HasMemoryController(Path fsRoot, Mount mount) {
        try {
            String controllers = ProcFile.readOnce(under(fsRoot, mount.mountPoint).resolve("cgroup.controllers"));
            for (String controller : controllers.trim().split(" ")) {
                if (controller.equals("memory")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path under(Path base, String absolute) {
        String relative = absolute;
        while (relative.startsWith("/")) {
            relative = relative.substring(1);
        }
        return relative.isEmpty() ? base : base.resolve(relative);
    }

    private static boolean hasItem(LineCursor cursor, int from, int to, String item) {
        int start = from;
        for (int i = from; i <= to; i++) {
            if (i == to || cursor.regionEquals(i, i + 1, ",")) {
                if (cursor.regionEquals(start, i, item)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** The mountinfo fields this needs: root, mount point, filesystem type and super options. */
    private static final class Mount {
        final String root;
        final String mountPoint;
        final String fsType;
        final String superOptions;

        private Mount(String root, String mountPoint, String fsType, String superOptions) {
            this.root = root;
            this.mountPoint = mountPoint;
            this.fsType = fsType;
            this.superOptions = superOptions;
        }

        /**
         * Parses "id parent major:minor root mountpoint options [optional...] - fstype source
         * superoptions". Only cgroup lines are wanted, so others return null before allocating.
         */
        static Mount parse(LineCursor cursor) {
            if (!cursor.find(" - cgroup")) {
                return null;
            }
            int fsTypeStart = cursor.position() - "cgroup".length();
            cursor.seek(' ');
            String fsType = cursor.text(fsTypeStart, cursor.position());
            cursor.skipSpaces();
            cursor.seek(' '); // over the source
            cursor.skipSpaces();
            String superOptions = cursor.text(cursor.position(), cursor.lineEnd());
            String[] fields = cursor.text(cursor.lineStart(), fsTypeStart).split(" ");
            if (fields.length < 5) {
                return null;
            }
            return new Mount(unescape(fields[3]), unescape(fields[4]), fsType, superOptions);
        }

        boolean hasSuperOption(String option) {
            for (String item : superOptions.split(",")) {
                if (item.equals(option)) {
                    return true;
                }
            }
            return false;
        }

        /** mountinfo writes space, tab, newline and backslash in paths as octal escapes. */
        private static String unescape(String field) {
            if (field.indexOf('\\') < 0) {
                return field;
            }
            StringBuilder out = new StringBuilder(field.length());
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                if (c == '\\' && i + 3 < field.length()) {
                    try {
                        out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                        i += 3;
                        continue;
                    } catch (NumberFormatException e) {
                        // not an escape after all: keep the backslash
                    }
                }
                out.append(c);
            }
            return out.toString();
        }
    }
}
