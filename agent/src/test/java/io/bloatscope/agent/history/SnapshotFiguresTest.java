package io.bloatscope.agent.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SnapshotFiguresTest {
    @Test
    void readsEachFigureFromItsOwnSectionOnly() {
        String line = "{\"type\":\"snapshot\",\"seq\":3,\"liveSet\":{\"reason\":\"\\\"process\\\":{\\\"vmRssBytes\\\":1\"},"
                + "\"process\":{\"vmRssBytes\":4096000,\"threads\":12},"
                + "\"heap\":{\"pools\":[{\"name\":\"G1 Old Gen\",\"usedAfterGcBytes\":777}],\"usedBytes\":9,"
                + "\"usedAfterGcBytes\":5000},"
                + "\"nmt\":{\"categories\":[{\"name\":\"Thread\",\"committedBytes\":3}],\"totalCommittedBytes\":123456}}";
        long[] figures = new long[Figure.ALL.length];
        SnapshotFigures.read(line, figures);
        assertEquals(4096000, figures[Figure.RSS_MAX.ordinal()]);
        assertEquals(4096000, figures[Figure.RSS_MIN.ordinal()]);
        assertEquals(5000, figures[Figure.LIVE_SET_MAX.ordinal()], "the heap's total, not its old pool's");
        assertEquals(123456, figures[Figure.NMT_MAX.ordinal()]);
    }

    @Test
    void aSectionTheSnapshotLacksReadsAbsentNotALaterSectionsValue() {
        String line = "{\"type\":\"snapshot\",\"process\":{\"threads\":12},\"heap\":{\"usedBytes\":9},"
                + "\"smaps\":{\"vmRssBytes\":1,\"totalCommittedBytes\":2}}";
        long[] figures = new long[Figure.ALL.length];
        SnapshotFigures.read(line, figures);
        for (Figure figure : Figure.ALL) {
            assertEquals(SnapshotFigures.ABSENT, figures[figure.ordinal()], figure.name());
        }
    }
}
