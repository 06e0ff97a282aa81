package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcFileTest {
    @TempDir
    Path dir;

    @Test
    void eachReadShowsWhatTheFileHoldsNowThoughItStaysOpen() throws Exception {
        Path path = dir.resolve("f");
        Files.writeString(path, "first version, longer than the buffer\n");
        ProcFile file = new ProcFile(path, 4);
        assertEquals("first version, longer than the buffer\n", file.read().toString());
        Files.writeString(path, "second\n");
        assertEquals("second\n", file.read().toString(), "shorter contents, same open file");
        file.close();
        Files.writeString(path, "third\n");
        assertEquals("third\n", file.read().toString(), "opened again after close");
        file.close();
        file.close();
    }

    /** Why the file may be kept open: the kernel makes /proc text afresh when it is read from the start. */
    @Test
    void procTextIsGeneratedAfreshOnEveryRead() throws Exception {
        ProcFile status = new ProcFile(Path.of("/proc/self/status"), 64);
        long before = ProcStatus.parse(status.read()).threads;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(20);
        List<Thread> extra = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread thread = new Thread(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            extra.add(thread);
        }
        try {
            started.await();
            CharSequence text = status.read();
            assertTrue(text.toString().endsWith("\n") && text.toString().contains("VmRSS:"), text::toString);
            // The JVM may start or end a few threads of its own meanwhile (compiler threads).
            long during = ProcStatus.parse(text).threads;
            assertTrue(during >= before + 10, before + " threads before, " + during + " with 20 more");
        } finally {
            release.countDown();
            for (Thread thread : extra) {
                thread.join();
            }
            status.close();
        }
    }
}
