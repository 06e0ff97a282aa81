package io.bloatscope.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The HTML report of a real run, opened in headless Chromium: the page logs nothing to the console
 * (no script error, and no fetch refused by the page's Content-Security-Policy, which Chromium
 * reports there), and the charts paint: the screenshot, kept under {@code target/it/html-report},
 * holds the ledger chart's heap colour and a series line. Skipped with a message where Chromium is
 * not installed ({@code .ci/run} installs Debian's {@code chromium}).
 */
class HtmlReportIT {
    private static final Path DIR = ForkedApp.IT_DIR.resolve("html-report");
    private static final List<Path> CHROMIUM = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
    /** LedgerChart's Java heap fill, #4e79a7, and the first series colour, #c0392b. */
    private static final int HEAP_RGB = 0x4e79a7;
    private static final int SERIES_RGB = 0xc0392b;

    private static Path chromium;

    @BeforeAll
    static void findChromium() throws IOException {
        chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "no Chromium at " + CHROMIUM
                + ": the browser check of the HTML report is skipped (apt-get install chromium)");
        Files.createDirectories(DIR);
    }

    @Test
    void reportOfARealRunRendersInChromiumWithoutConsoleErrors() throws Exception {
        Path snapshots = DIR.resolve("mallocbloat.jsonl");
        Files.deleteIfExists(snapshots);
        try (ForkedApp app = ForkedApp.app("MallocBloat").agent("out=" + snapshots.toAbsolutePath() + ",interval=250ms,smaps=250ms")
                .jvm("-XX:NativeMemoryTracking=summary").args("--seconds", "6", "--mb-per-thread", "32").start(DIR)) {
            assertEquals(0, app.awaitExit(Duration.ofSeconds(90)), app.describe());
        }
        Path html = DIR.resolve("report.html");
        Cli report = Cli.run("report", snapshots.toString(), "-o", html.toString());
        assertEquals(0, report.exitCode, report.toString());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("<svg class=\"chart\""), "inline SVG charts");

        Browser dom = chromium(html, "--dump-dom");
        assertEquals(List.of(), dom.consoleLines, "console output of the page:\n" + dom.stderr);
        assertTrue(dom.stdout.contains("class=\"part part-java_heap\"") && dom.stdout.contains("class=\"series\""),
                "the browser parsed the charts:\n" + dom.stdout.substring(0, Math.min(2000, dom.stdout.length())));

        Path png = DIR.resolve("report.png");
        Files.deleteIfExists(png);
        Browser shot = chromium(html, "--screenshot=" + png.toAbsolutePath(), "--window-size=1200,2200",
                "--hide-scrollbars");
        assertEquals(List.of(), shot.consoleLines, shot.stderr);
        assertTrue(Files.size(png) > 30_000, "a non-trivial screenshot: " + Files.size(png) + " bytes at " + png);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1200, image.getWidth());
        // The heap band's height depends on how far G1 shrank the heap in this run (4 MB of 350 MB
        // resident once: ~3800 pixels); the legend swatch alone is ~100, a chart without it 0.
        assertTrue(pixels(image, HEAP_RGB) > 1_000, "the stacked ledger chart painted its heap area: "
                + pixels(image, HEAP_RGB) + " pixels; see " + png);
        assertTrue(pixels(image, SERIES_RGB) > 300, "a verdict's series line painted: " + pixels(image, SERIES_RGB)
                + " pixels; see " + png);
    }

    @Test
    void demoWritesAReportAUserCanOpen() throws Exception {
        Path html = DIR.resolve("demo.html");
        Files.deleteIfExists(html);
        Cli demo = Cli.run("demo", "--seconds", "3", "-o", html.toString());
        assertEquals(0, demo.exitCode, demo.toString());
        assertTrue(demo.stdout.contains("report: " + html.toAbsolutePath()), demo.toString());
        assertTrue(Files.readString(html).startsWith("<!DOCTYPE html>"), "an HTML report at " + html);
        assertTrue(Files.isRegularFile(DIR.resolve("bloatscope-demo.jsonl")), "its snapshots next to it");
        Browser dom = chromium(html, "--dump-dom");
        assertEquals(List.of(), dom.consoleLines, dom.stderr);
    }

    private static long pixels(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    private static final class Browser {
        final String stdout;
        final String stderr;
        final List<String> consoleLines;

        Browser(String stdout, String stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
            // Chromium logs every console message and every CSP refusal as an "INFO:CONSOLE" line.
            this.consoleLines = stderr.lines().filter(line -> line.contains(":CONSOLE")).collect(Collectors.toList());
        }
    }

    /** Runs headless Chromium on the file with no network, sync or component updates. */
    private static Browser chromium(Path html, String... action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(DIR, "chromium-profile");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--enable-logging=stderr", "--v=0"));
        command.addAll(List.of(action));
        command.add(html.toAbsolutePath().toUri().toString());
        Path out = DIR.resolve("chromium.stdout");
        Path err = DIR.resolve("chromium.stderr");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + Files.readString(err));
        }
        Browser browser = new Browser(Files.readString(out), Files.readString(err));
        assertEquals(0, process.exitValue(), "chromium failed:\n" + browser.stderr);
        return browser;
    }
}
