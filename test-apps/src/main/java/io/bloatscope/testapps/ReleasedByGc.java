package io.bloatscope.testapps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Native memory released only by the garbage collector: each simulated request decodes or encodes
 * its body with a zlib object of its own and drops it without {@code end()} / {@code close()}, as
 * some widely used libraries do. zlib mallocs its state (about 40 KB per Inflater with its window,
 * about 270 KB per Deflater at the default level) outside the JVM's accounting, and it is freed only
 * when a collection finds the object unreachable and the Cleaner thread ends it. Run with a small
 * heap (e.g. {@code -Xmx48m}): collections come every second or two, so RSS climbs to a high level
 * (the zlib state of every request since the last collection, plus what glibc keeps of it) and
 * then plateaus. Nothing leaks, yet most of the process's memory serves objects nobody uses.
 * Expected verdict: the kind for native memory released only by the GC (<b>NATIVE_CHURN</b>),
 * naming the request method as site, when run with {@code nativeSites=on}; at defaults (no sites)
 * never HEALTHY (held native memory, malloc bloat or INCONCLUSIVE). With {@code --fixed} the same
 * requests end/close their objects: <b>HEALTHY</b>.
 *
 * <p>Kinds ({@code --kind}): {@code inflater} ({@link #inflateRequest}: inflates a 40 KB body in
 * 4 KB pieces, so zlib allocates its window), {@code deflater} ({@link #deflateResponse}: deflates
 * a 24 KB response), {@code zipfile} ({@link #readFromArchive}: opens a small archive written at
 * start and reads one deflated entry, so the ZipFile holds an open file and a cached Inflater until
 * closed or collected), {@code mixed} (the three in turn).
 *
 * <p>Each request also makes {@code --garbage-kb} of short-lived heap buffers (default 32), which
 * is what drives the collections. Options: {@code --rate} requests per second (default 500: 16 MB/s
 * of heap garbage, 20 MB/s of Inflater state or 130 MB/s of Deflater state), {@code --garbage-kb},
 * {@code --kind} (default inflater), {@code --fixed}, {@code --seconds}.
 * Prints {@code requests=<n> kind=<kind> fixed=<bool>} before {@code DONE}.
 */
public final class ReleasedByGc {
    private static final int BODY_BYTES = 40 << 10;
    private static final int RESPONSE_BYTES = 24 << 10;

    /** Where each request's result is published, so no work is optimised away. */
    static volatile Object lastResult;

    private final boolean fixed;
    private final byte[] compressedBody;
    private final byte[] responseText;
    private final Path archive;
    private final byte[] output = new byte[4 << 10];
    private long requests;

    private ReleasedByGc(boolean fixed, Path archive) throws IOException {
        this.fixed = fixed;
        this.responseText = text(RESPONSE_BYTES, "response");
        this.compressedBody = deflateFully(text(BODY_BYTES, "body"));
        this.archive = archive;
        if (archive != null) {
            writeArchive(archive, text(BODY_BYTES, "entry"));
        }
    }

    public static void main(String[] argv) throws Exception {
        ScenarioArgs args = ScenarioArgs.parseOrExit(argv, Map.of("rate", 500L, "garbage-kb", 32L),
                Map.of("kind", List.of("inflater", "deflater", "zipfile", "mixed")), Set.of("fixed"));
        long rate = args.positive("rate");
        int garbageBytes = args.getInt("garbage-kb") << 10;
        String kind = args.choice("kind");
        boolean fixed = args.isOn("fixed");
        Path archive = null;
        if (kind.equals("zipfile") || kind.equals("mixed")) {
            archive = Files.createTempFile("released-by-gc", ".zip");
            archive.toFile().deleteOnExit();
        }
        ReleasedByGc app = new ReleasedByGc(fixed, archive);
        ScenarioRun run = new ScenarioRun(args);
        run.ready();
        while (run.nextStep()) {
            for (long i = run.perStep(rate); i > 0; i--) {
                app.serve(kind, garbageBytes);
            }
        }
        System.out.println("requests=" + app.requests + " kind=" + kind + " fixed=" + fixed);
        run.finish();
    }

    private void serve(String kind, int garbageBytes) throws IOException, DataFormatException {
        String thisRequest = kind.equals("mixed") ? List.of("inflater", "deflater", "zipfile").get((int) (requests % 3)) : kind;
        switch (thisRequest) {
            case "inflater" -> lastResult = inflateRequest();
            case "deflater" -> lastResult = deflateResponse();
            case "zipfile" -> lastResult = readFromArchive();
            default -> throw new IllegalStateException(thisRequest);
        }
        for (int left = garbageBytes; left > 0; left -= 16 << 10) {
            lastResult = new byte[Math.min(left, 16 << 10)]; // request buffers: what makes the collections come
        }
        requests++;
    }

    /** Decodes the request body with an Inflater of its own; without --fixed it is never ended. */
    long inflateRequest() throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressedBody);
            long total = 0;
            int n;
            while (!inflater.finished() && (n = inflater.inflate(output)) > 0) {
                total += n; // 4 KB at a time: zlib keeps (and so allocates) its 32 KB window
            }
            return total;
        } finally {
            if (fixed) {
                inflater.end();
            }
        }
    }

    /** Compresses a response with a Deflater of its own; without --fixed it is never ended. */
    long deflateResponse() {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(responseText);
            deflater.finish();
            long total = 0;
            while (!deflater.finished()) {
                total += deflater.deflate(output);
            }
            return total;
        } finally {
            if (fixed) {
                deflater.end();
            }
        }
    }

    /** Opens the archive and reads its entry; without --fixed the ZipFile (and its Inflater) is never closed. */
    long readFromArchive() throws IOException {
        ZipFile zip = new ZipFile(archive.toFile());
        try {
            ZipEntry entry = zip.getEntry("payload.txt");
            long total = 0;
            try (InputStream in = zip.getInputStream(entry)) {
                int n;
                while ((n = in.read(output)) > 0) {
                    total += n;
                }
            }
            return total;
        } finally {
            if (fixed) {
                zip.close();
            }
        }
    }

    private static byte[] text(int bytes, String word) {
        StringBuilder sb = new StringBuilder(bytes + 64);
        for (int i = 0; sb.length() < bytes; i++) {
            sb.append('{').append('"').append(word).append("\":").append(i * 7919 % 10007).append(",\"tag\":\"t")
                    .append(i % 23).append("\"}\n");
        }
        return sb.substring(0, bytes).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] deflateFully(byte[] input) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(input);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8 << 10];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void writeArchive(Path archive, byte[] content) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("payload.txt"));
            zip.write(content);
            zip.closeEntry();
        }
    }
}
