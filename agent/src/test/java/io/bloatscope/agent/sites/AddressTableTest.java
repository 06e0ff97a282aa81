package io.bloatscope.agent.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTableTest {
    private final NativeSite site = new NativeSite(6, "a.B.c(B.java:1)", List.of());

    @Test
    void putThenRemoveOnce() {
        AddressTable table = new AddressTable(64);
        assertTrue(table.put(0x7f00_0000_1000L, site, 100, 4096));
        AddressTable.Entry entry = table.remove(0x7f00_0000_1000L);
        assertSame(site, entry.site);
        assertEquals(100, entry.size);
        assertEquals(4096, entry.weightBytes);
        assertNull(table.remove(0x7f00_0000_1000L), "a second free of the same address finds nothing");
        assertNull(table.remove(0x1234), "an unsampled address finds nothing");
    }

    @Test
    void boundedWhenFullAndReusesFreedSlots() {
        AddressTable table = new AddressTable(16);
        int stored = 0;
        for (long address = 1; address <= 100; address++) {
            if (table.put(address * 16, site, 16, 16)) {
                stored++;
            }
        }
        assertEquals(16, stored, "never more entries than slots");
        assertFalse(table.put(9999 * 16, site, 16, 16));
        for (long address = 1; address <= 100; address++) {
            table.remove(address * 16);
        }
        assertTrue(table.put(9999 * 16, site, 16, 16), "freed slots are reused");
    }
}
