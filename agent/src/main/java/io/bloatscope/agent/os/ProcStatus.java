package io.bloatscope.agent.os;

import io.bloatscope.format.text.LineCursor;

/**
 * The memory lines of {@code /proc/<pid>/status}, in bytes. Fields the kernel did not print (old
 * kernels lack RssAnon/RssFile/RssShmem) are -1, so a reader can tell "absent" from "zero".
 */
final class ProcStatus {
    final long vmRssBytes;
    final long vmHwmBytes;
    final long vmSizeBytes;
    final long rssAnonBytes;
    final long rssFileBytes;
    final long rssShmemBytes;
    final long vmSwapBytes;
    final long threads;

    private ProcStatus(long[] values) {
        vmRssBytes = values[0];
        vmHwmBytes = values[1];
        vmSizeBytes = values[2];
        rssAnonBytes = values[3];
        rssFileBytes = values[4];
        rssShmemBytes = values[5];
        vmSwapBytes = values[6];
        threads = values[7];
    }

    /** Keys in the order of the fields above; each value is "N kB", except Threads. */
    private static final String[] KEYS = {
        "VmRSS:", "VmHWM:", "VmSize:", "RssAnon:", "RssFile:", "RssShmem:", "VmSwap:", "Threads:"
    };

    static ProcStatus parse(CharSequence text) {
        return parse(text, new LineCursor());
    }

    static ProcStatus parse(CharSequence text, LineCursor cursor) {
        long[] values = {-1, -1, -1, -1, -1, -1, -1, -1};
        int found = 0;
        cursor.reset(text);
        // Threads comes about two thirds down the file and the signal, capability and CPU lines
        // after it are not wanted: stop once every key has its value.
        while (found < KEYS.length && cursor.nextLine()) {
            // Most status lines are not wanted; the first char rules out nearly all of them.
            char first = cursor.peek();
            if (first != 'V' && first != 'R' && first != 'T') {
                continue;
            }
            for (int k = 0; k < KEYS.length; k++) {
                if (cursor.skip(KEYS[k])) {
                    long value = cursor.readBytes();
                    if (value != LineCursor.NONE) {
                        found += values[k] == -1 ? 1 : 0;
                        values[k] = value;
                    }
                    break;
                }
            }
        }
        return new ProcStatus(values);
    }
}
