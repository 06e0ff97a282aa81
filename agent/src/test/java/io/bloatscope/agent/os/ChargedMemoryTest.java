package io.bloatscope.agent.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChargedMemoryTest {

    @Test
    void anOptionLimitIsHeldAgainstRss() throws Exception {
        ChargedMemory memory = ChargedMemory.create(512L << 20);
        try {
            assertEquals(512L << 20, memory.limitBytes());
            assertEquals("memoryLimit", memory.limitSource());
            assertEquals(ChargedMemory.RSS, memory.figure());
            assertTrue(memory.usageBytes() > 1 << 20, "this JVM's RSS");
        } finally {
            memory.close();
        }
    }

    @Test
    void aCgroupLimitIsHeldAgainstUsageWithoutInactiveFilePages(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path v2 = java.nio.file.Files.createDirectories(dir.resolve("v2"));
        java.nio.file.Files.writeString(v2.resolve("memory.current"), "734003200\n");
        java.nio.file.Files.writeString(v2.resolve("memory.stat"),
                "anon 524288000\nfile 209715200\nactive_file 104857600\ninactive_file 94371840\n");
        ChargedMemory cgroup2 = ChargedMemory.forCgroup(2, 1L << 30, v2.resolve("memory.current"));
        assertEquals(734003200L - 94371840L, cgroup2.usageBytes());
        assertEquals(ChargedMemory.CGROUP_WORKING_SET, cgroup2.figure());
        assertEquals("cgroup", cgroup2.limitSource());
        cgroup2.close();

        java.nio.file.Path v1 = java.nio.file.Files.createDirectories(dir.resolve("v1"));
        java.nio.file.Files.writeString(v1.resolve("memory.usage_in_bytes"), "734003200\n");
        java.nio.file.Files.writeString(v1.resolve("memory.stat"),
                "cache 1\ninactive_file 1048576\ntotal_cache 2\ntotal_inactive_file 10485760\n");
        ChargedMemory cgroup1 = ChargedMemory.forCgroup(1, 1L << 30, v1.resolve("memory.usage_in_bytes"));
        assertEquals(734003200L - 10485760L, cgroup1.usageBytes(), "v1: the hierarchical total, like usage");
        cgroup1.close();
    }
}
