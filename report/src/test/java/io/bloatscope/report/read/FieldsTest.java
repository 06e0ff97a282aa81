package io.bloatscope.report.read;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bloatscope.format.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldsTest {
    private final Map<String, Object> snapshot = Json.parseObject(
            "{\"heap\":{\"usedAfterGcBytes\":1024,\"name\":\"G1\",\"ratio\":0.5},"
            + "\"pools\":[{\"name\":\"Eden\",\"used\":1},{\"name\":\"Old\",\"used\":2},7],\"count\":3}");

    @Test
    void getFollowsDottedPaths() {
        assertEquals(1024L, Fields.get(snapshot, "heap.usedAfterGcBytes"));
        assertEquals("G1", Fields.get(snapshot, "heap.name"));
        assertEquals(3L, Fields.get(snapshot, "count"));
        assertNull(Fields.get(snapshot, "heap.missing"));
        assertNull(Fields.get(snapshot, "missing.deeper"));
        assertNull(Fields.get(snapshot, "count.deeper"), "a number has no members");
        assertNull(Fields.get(snapshot, "pools.name"), "a list has no members");
        assertNull(Fields.get(null, "heap"));
    }

    @Test
    void getLongFallsBackWhenAbsentOrNotANumber() {
        assertEquals(1024L, Fields.getLong(snapshot, "heap.usedAfterGcBytes", -1));
        assertEquals(0L, Fields.getLong(snapshot, "heap.ratio", -1), "a double is truncated");
        assertEquals(-1L, Fields.getLong(snapshot, "heap.name", -1));
        assertEquals(-1L, Fields.getLong(snapshot, "heap.missing", -1));
    }

    @Test
    void getListAndFind() {
        assertEquals(3, Fields.getList(snapshot, "pools").size());
        assertEquals(List.of(), Fields.getList(snapshot, "heap"));
        assertEquals(List.of(), Fields.getList(snapshot, "missing"));
        assertEquals(2L, Fields.find(snapshot, "pools", "name", "Old").get("used"));
        assertNull(Fields.find(snapshot, "pools", "name", "Metaspace"));
        assertNull(Fields.find(snapshot, "missing", "name", "Old"));
    }
}
