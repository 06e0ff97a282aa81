package io.bloatscope.report.analyze;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.ColumnarReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotSitesTest {

    @Test
    void theLatestSitesComeFromASnapshotNotFromACaptureEmbeddingOne(@TempDir Path dir) throws Exception {
        String snapshot = "{\"type\":\"snapshot\",\"seq\":1,\"timeMillis\":2000,\"sites\":{\"native\":[{\"frame\":"
                + "\"a.B.leak(B.java:1)\",\"kind\":\"unsafe\",\"liveBytes\":4096,\"liveCount\":2}]}}";
        Path file = dir.resolve("run.jsonl");
        Files.writeString(file, "{\"type\":\"header\",\"schema\":1}\n" + snapshot + "\n"
                + "{\"type\":\"capture\",\"seq\":1,\"threshold\":0.75,\"snapshot\":" + snapshot + "}\n");
        List<Site> sites = SnapshotSites.of(ColumnarReader.read(file).tail()).sitesFor(VerdictKind.NATIVE_LEAK, "Other");
        assertEquals(1, sites.size());
        assertEquals("a.B.leak(B.java:1)", sites.get(0).frame);
    }
}
