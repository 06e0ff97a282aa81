package io.bloatscope.agent.sites;

import io.bloatscope.agent.log.AgentLog;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;

/**
 * JDK classes as the native site advice left them, kept on disk so that a later JVM on the same JDK
 * takes them from here and never runs ByteBuddy.
 *
 * <p>Why: running ByteBuddy's weaving once in a JVM (it loads ~1,100 classes) left the order
 * service 1–2 % slower for the rest of its run, and costs a few MB of metaspace and a second or
 * two of CPU at start; reading seven class files costs none of that.
 *
 * <p>A file is named after its class and a SHA-256 of the weaver's {@code fingerprint}, the
 * instrumentations switched on and the class's bytes as the JVM handed them over (methods in a
 * canonical order, see {@link MethodOrderFreeDigest}), so another JDK build, another agent build
 * or other options never match. Its content is a magic word, a SHA-256
 * of the woven bytes and the bytes; an empty payload records that the advice changed nothing.
 *
 * <p>Whatever is in the directory goes into {@code java.base}, so it must be writable by this user
 * (or root) only: it is used only when it is a real directory (not a link) owned by the process's
 * user or by root with no group or other write permission, and so must each file read (so an image
 * built as root can carry a cache that its non-root application reads); files are written to a private
 * temporary file and moved into place, so a reader never sees half a class. Streams of
 * {@code java.io}, not {@code Files.newInputStream} and the like: those open a
 * {@code FileChannelImpl}, itself a class the advice goes into, whose loading would come back into
 * this transformer while it is busy. At most
 * {@link #MAX_FILES} files are kept, the oldest removed first.
 */
final class WovenClassCache {
    static final int MAX_FILES = 256;
    private static final Logger LOG = AgentLog.get(WovenClassCache.class);
    private static final byte[] MAGIC = "bswoven1".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    private static final String SUFFIX = ".woven";
    private static final Path PROC_SELF = Path.of("/proc/self");

    private final Path dir;
    private final int uid;

    private WovenClassCache(Path dir, int uid) {
        this.dir = dir;
        this.uid = uid;
    }

    /**
     * The cache in {@code option}'s directory ({@code auto}: {@code $XDG_CACHE_HOME/bloatscope/woven},
     * else {@code ~/.cache/bloatscope/woven}), created owner-only if absent; null when {@code off}, or
     * when the directory cannot be trusted or made (said once in the log, and weaving goes on without).
     */
    static WovenClassCache open(String option) {
        if (option == null || option.equals("off")) {
            return null;
        }
        Path dir;
        try {
            dir = option.equals("auto") ? defaultDir() : Path.of(option);
        } catch (RuntimeException notAPath) {
            return notUsed(option, notAPath.toString());
        }
        if (dir == null) {
            return notUsed("", "neither XDG_CACHE_HOME nor user.home is an absolute path");
        }
        try {
            Integer uid = (Integer) Files.getAttribute(PROC_SELF, "unix:uid");
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            String distrust = distrust(dir, uid, true);
            return distrust != null ? notUsed(dir, distrust) : new WovenClassCache(dir, uid);
        } catch (IOException | RuntimeException unusable) {
            return notUsed(dir, unusable.toString());
        }
    }

    /**
     * Says once why there is no cache; {@code weave} shows the part before the semicolon to its
     * user, so that shape is kept.
     */
    private static WovenClassCache notUsed(Object where, String why) {
        String dir = where.toString().isEmpty() ? "" : where + " ";
        LOG.info("weave cache {}not used ({}); native site advice is woven in memory", dir, why);
        return null;
    }

    /** {@code $XDG_CACHE_HOME/bloatscope/woven} or {@code ~/.cache/bloatscope/woven}; null without an absolute base. */
    static Path defaultDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home", "");
        Path base;
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else if (!home.isEmpty() && Path.of(home).isAbsolute()) {
            base = Path.of(home, ".cache"); // a user without a home has user.home "?"
        } else {
            return null;
        }
        return base.resolve("bloatscope").resolve("woven");
    }

    Path dir() {
        return dir;
    }

    /** The file name for this class woven by this weaver, with these instrumentations, from these bytes. */
    static String key(String fingerprint, String kinds, String className, byte[] original) {
        MessageDigest sha = sha256();
        sha.update((fingerprint + '\n' + kinds + '\n' + className + '\n').getBytes(StandardCharsets.UTF_8));
        MethodOrderFreeDigest.update(sha, original);
        return className.replace('/', '.') + "-" + HexFormat.of().formatHex(sha.digest(), 0, 16) + SUFFIX;
    }

    /**
     * The woven bytes stored under {@code key}: an empty array when the advice changed nothing, null
     * when there is no trustworthy, intact file.
     */
    byte[] read(String key) {
        Path file = dir.resolve(key);
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            String distrust = distrust(file, uid, false);
            if (distrust != null) {
                LOG.warn("weave cache file {} ignored ({})", file, distrust);
                return null;
            }
            byte[] content;
            try (InputStream in = new FileInputStream(file.toFile())) {
                content = in.readAllBytes();
            }
            int header = MAGIC.length + DIGEST_BYTES;
            if (content.length < header || !Arrays.equals(content, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                return null;
            }
            byte[] payload = Arrays.copyOfRange(content, header, content.length);
            if (!Arrays.equals(sha256().digest(payload), 0, DIGEST_BYTES, content, MAGIC.length, header)) {
                LOG.warn("weave cache file {} ignored (its content does not match its digest)", file);
                return null;
            }
            return payload;
        } catch (IOException | RuntimeException unreadable) {
            LOG.debug("weave cache file {} not read: {}", file, unreadable.toString());
            return null;
        }
    }

    /** Stores the woven bytes (empty: unchanged) under {@code key}; a failure only costs the next JVM a weave. */
    void write(String key, byte[] woven) {
        Path temporary = null;
        try {
            temporary = File.createTempFile(".writing-", ".tmp", dir.toFile()).toPath();
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            try (OutputStream out = new FileOutputStream(temporary.toFile())) {
                out.write(MAGIC);
                out.write(sha256().digest(woven));
                out.write(woven);
            }
            Files.move(temporary, dir.resolve(key), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            prune();
        } catch (IOException | RuntimeException unwritable) {
            LOG.debug("weave cache file {} not written: {}", key, unwritable.toString());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // a stray temporary file of ours; the next prune does not count it
                }
            }
        }
    }

    /** Keeps at most MAX_FILES woven files, removing the least recently written first. */
    private void prune() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            entries.forEach(files::add);
        }
        if (files.size() <= MAX_FILES) {
            return;
        }
        files.sort(Comparator.comparing(WovenClassCache::modified));
        for (Path old : files.subList(0, files.size() - MAX_FILES)) {
            Files.deleteIfExists(old);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }

    /** Why {@code path} cannot be trusted with code for java.base, or null when it can. */
    static String distrust(Path path, int uid, boolean directory) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            return "a symbolic link";
        }
        if (directory ? !attributes.isDirectory() : !attributes.isRegularFile()) {
            return directory ? "not a directory" : "not a regular file";
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != uid && owner != 0) {
            // root's is as safe as our own: only root (or we) could change it, and root can anyway
            return "owned by uid " + owner + ", neither this process's uid " + uid + " nor root";
        }
        if (attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                || attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
            return "writable by others than its owner: " + PosixFilePermissions.toString(attributes.permissions());
        }
        return null;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException required) {
            throw new IllegalStateException("every JDK has SHA-256", required);
        }
    }
}
