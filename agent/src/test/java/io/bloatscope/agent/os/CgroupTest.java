package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bloatscope.agent.Fixtures;
import io.bloatscope.agent.JsonAssert;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupTest {
    private static final String V1 = "cgroup/v1-hybrid-real/";
    private static final String V2 = "cgroup/v2-handmade/";

    @Test
    void hybridHostPrefersV1MemoryHierarchy() throws Exception {
        Path fs = Fixtures.path(V1 + "fs");
        Cgroup cgroup = Cgroup.resolve(Fixtures.text(V1 + "proc-cgroup.txt"), Fixtures.text(V1 + "mountinfo.txt"), fs);
        assertEquals(1, cgroup.version);
        Path dir = fs.resolve("sys/fs/cgroup/memory/process_api/a2eed875c77483c779b88011fc0aee32");
        assertEquals(dir.resolve("memory.limit_in_bytes"), cgroup.limitFile);
        assertEquals(dir.resolve("memory.usage_in_bytes"), cgroup.usageFile);
        CgroupSampler sampler = new CgroupSampler(cgroup);
        String json = JsonAssert.sampleOnce(sampler);
        assertEquals("{\"cgroup\":{\"version\":1,\"limitBytes\":-1,\"usageBytes\":19034112}}", json);
    }

    @Test
    void v1PathMissingInsideNamespaceFallsBackToMountRoot() {
        Path fs = Fixtures.path(V1 + "fs");
        Cgroup cgroup = Cgroup.resolve("4:memory:/docker/0123abc\n0::/\n", Fixtures.text(V1 + "mountinfo.txt"), fs);
        assertEquals(fs.resolve("sys/fs/cgroup/memory/memory.usage_in_bytes"), cgroup.usageFile);
    }

    @Test
    void unifiedMountWithoutMemoryControllerIsNotUsed() {
        // Only the v2 line and its mount: the hybrid host's unified hierarchy lists no "memory".
        assertNull(Cgroup.resolve("0::/\n", Fixtures.text(V1 + "mountinfo.txt"), Fixtures.path(V1 + "fs")));
    }

    @Test
    void pureV2() throws Exception {
        Path fs = Fixtures.path(V2 + "fs");
        Cgroup cgroup = Cgroup.resolve(Fixtures.text(V2 + "proc-cgroup.txt"), Fixtures.text(V2 + "mountinfo.txt"), fs);
        assertEquals(2, cgroup.version);
        assertEquals(fs.resolve("sys/fs/cgroup/app.slice/bloat.service/memory.max"), cgroup.limitFile);
        String json = JsonAssert.sampleOnce(new CgroupSampler(cgroup));
        assertEquals("{\"cgroup\":{\"version\":2,\"limitBytes\":536870912,\"usageBytes\":123456789}}", json);
    }

    @Test
    void v2PathMissingInsideNamespaceFallsBackToMountRoot() throws Exception {
        Path fs = Fixtures.path(V2 + "fs");
        Cgroup cgroup = Cgroup.resolve("0::/kubepods/pod1/abc\n", Fixtures.text(V2 + "mountinfo.txt"), fs);
        assertEquals(fs.resolve("sys/fs/cgroup/memory.current"), cgroup.usageFile);
        assertEquals(-1, new CgroupSampler(cgroup).limitBytes());
    }

    @Test
    void noCgroupInformation() {
        assertNull(Cgroup.resolve("", "", Path.of("/nonexistent")));
        assertNull(Cgroup.resolve("4:memory:/x\n", "garbage line\n", Path.of("/nonexistent")));
    }

    @Test
    void limitValues() {
        assertEquals(-1, Cgroup.parseLimit("max\n"));
        assertEquals(-1, Cgroup.parseLimit("9223372036854771712\n"));
        assertEquals(536870912, Cgroup.parseLimit("536870912\n"));
        assertThrows(IllegalArgumentException.class, () -> Cgroup.parseLimit(""));
        assertThrows(IllegalArgumentException.class, () -> Cgroup.parseUsage("x"));
    }

    @Test
    void samplerOnThisHost() throws Exception {
        CgroupSampler sampler = CgroupSampler.create();
        // create() documents null where the process has no memory cgroup: skipped, and said so.
        assumeTrue(sampler != null, "no memory cgroup on this host: the sampler is not tested on live files");
        String json = JsonAssert.sampleOnce(sampler);
        assertTrue(JsonAssert.number(json, "usageBytes") > 0, json);
    }
}
