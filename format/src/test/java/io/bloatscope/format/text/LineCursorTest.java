package io.bloatscope.format.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LineCursorTest {
    private final LineCursor cursor = new LineCursor();

    @Test
    void walksLinesIncludingUnterminatedLast() {
        cursor.reset("a\n\nb");
        assertTrue(cursor.nextLine());
        assertTrue(cursor.at("a"));
        assertTrue(cursor.nextLine());
        assertTrue(cursor.atLineEnd());
        assertTrue(cursor.nextLine());
        assertTrue(cursor.at("b"));
        assertFalse(cursor.nextLine());
        assertFalse(cursor.reset("").nextLine());
    }

    @Test
    void readsSizesWithAndWithoutUnits() {
        cursor.reset("189632 kB 5KB 186M->159M (-27572K) 7 tag=x 9 bytes 3G 12b");
        cursor.nextLine();
        assertEquals(189632L * 1024, cursor.readBytes());
        assertEquals(5L * 1024, cursor.readBytes());
        assertEquals(186L << 20, cursor.readBytes());
        assertTrue(cursor.skip("->"));
        assertEquals(159L << 20, cursor.readBytes());
        assertTrue(cursor.find("("));
        assertEquals(-27572L * 1024, cursor.readBytes());
        assertTrue(cursor.skip(")"));
        assertEquals(7, cursor.readBytes());
        assertTrue(cursor.find("x"));
        assertEquals(9, cursor.readBytes(), "'bytes' is a word, not the unit b");
        assertTrue(cursor.find("bytes"));
        assertEquals(3L << 30, cursor.readBytes());
        assertEquals(12, cursor.readBytes());
        assertEquals(LineCursor.NONE, cursor.readBytes());
    }

    @Test
    void neverReadsIntoTheNextLine() {
        cursor.reset("Rss:\n123 kB\n");
        cursor.nextLine();
        assertTrue(cursor.skip("Rss:"));
        assertEquals(LineCursor.NONE, cursor.readLong());
        assertFalse(cursor.find("123"));
    }

    @Test
    void readsHex() {
        cursor.reset("7f5674000000-7f56743c9000 rw-p");
        cursor.nextLine();
        assertEquals(0x7f5674000000L, cursor.readHex());
        assertTrue(cursor.skip("-"));
        assertEquals(0x7f56743c9000L, cursor.readHex());
        assertEquals(LineCursor.NONE, cursor.readHex());
    }
}
