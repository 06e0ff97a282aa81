package io.bloatscope.agent.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentOptionsTest {

    @Test
    void defaultsSpellOutEveryOption() throws OptionError {
        AgentOptions defaults = AgentOptions.parse(null);
        assertEquals("out=bloatscope-%p.jsonl,interval=10s,maxSize=100MB,maxFiles=5,history=1h,nmt=on,smaps=auto,"
                + "mallocInfo=on,allocatorStats=auto,trim=off,liveSet=off,heapSites=off,nativeSites=direct+zip+threads+mmap,maxSites=50,allocThrottle=100/s,unsafeSampleBytes=256KB,"
                + "weaveCache=auto,metrics=off,liveVerdict=1m,memoryLimit=auto,captureAt=75%+90%,log=info",
                defaults.toString());
        assertEquals(defaults, AgentOptions.parse(""));
        assertEquals(defaults, AgentOptions.parse("  "));
        assertEquals(10_000, defaults.intervalMillis());
        assertEquals("bloatscope-42.jsonl", defaults.outPath(42));
    }

    @ParameterizedTest
    @CsvSource({"500ms, 500", "10s, 10000", "5m, 300000", "1h, 3600000", "100ms, 100", "7, 7000"})
    void parsesIntervals(String text, long millis) throws OptionError {
        assertEquals(millis, AgentOptions.parse("interval=" + text).intervalMillis());
    }

    @ParameterizedTest
    @CsvSource({"64KB, 65536", "100MB, 104857600", "1GB, 1073741824", "0, 0", "64k, 65536", "5000, 5000"})
    void parsesMaxSize(String text, long bytes) throws OptionError {
        assertEquals(bytes, AgentOptions.parse("maxSize=" + text).maxSizeBytes);
    }

    @Test
    void parsesEveryOtherOption() throws OptionError {
        AgentOptions options = AgentOptions.parse(
                "out=/tmp/run-%p.jsonl, maxFiles=3,nmt=off,smaps=OFF,mallocInfo=off,trim=30s,log=debug");
        assertEquals(3, options.maxFiles);
        assertFalse(options.nmt);
        assertEquals(0, options.smapsIntervalMillis);
        assertFalse(options.mallocInfo);
        assertEquals(30_000, options.trimIntervalMillis);
        assertEquals("debug", options.logLevel);
        assertEquals("/tmp/run-1234.jsonl", options.outPath(1234));
        assertEquals("out=/tmp/run-%p.jsonl,interval=10s,maxSize=100MB,maxFiles=3,history=1h,nmt=off,smaps=off,"
                + "mallocInfo=off,allocatorStats=auto,trim=30s,liveSet=off,heapSites=off,nativeSites=direct+zip+threads+mmap,maxSites=50,allocThrottle=100/s,"
                + "unsafeSampleBytes=256KB,weaveCache=auto,metrics=off,liveVerdict=1m,memoryLimit=auto,captureAt=75%+90%,"
                + "log=debug", options.toString());
    }

    @ParameterizedTest
    @CsvSource({"off, 0", "OFF, 0", "30m, 1800000", "6h, 21600000", "6s, 6000"})
    void parsesHistory(String text, long millis) throws OptionError {
        AgentOptions options = AgentOptions.parse("interval=1s,history=" + text);
        assertEquals(millis, options.historyMillis);
        assertEquals(options, AgentOptions.parse(options.toString()));
    }

    @ParameterizedTest
    @CsvSource({"'history=5s'", "'history=often'", "'history=-1h'", "'interval=10m,history=5m'"})
    void rejectsAHistoryWindowItCannotKeep(String options) {
        OptionError error = assertThrows(OptionError.class, () -> AgentOptions.parse(options));
        assertTrue(error.getMessage().contains("option 'history'") && error.getMessage().contains("accepted: off"),
                error.getMessage());
    }

    @Test
    void switchesAcceptOnAndOff() throws OptionError {
        AgentOptions on = AgentOptions.parse("nmt=on,smaps=on,mallocInfo=on");
        assertTrue(on.nmt && on.mallocInfo);
        assertEquals(AgentOptions.DEFAULT_SMAPS_INTERVAL_MILLIS, on.smapsIntervalMillis);
        assertEquals(250, AgentOptions.parse("smaps=250ms").smapsIntervalMillis);
        assertEquals(0, AgentOptions.parse("trim=off").trimIntervalMillis);
        assertEquals(AgentOptions.DEFAULT_TRIM_INTERVAL_MILLIS, AgentOptions.parse("trim=on").trimIntervalMillis);
        assertEquals("auto", AgentOptions.parse("").allocatorStats);
        assertEquals("on", AgentOptions.parse("allocatorStats=ON").allocatorStats);
        assertEquals("off", AgentOptions.parse("allocatorStats=off").allocatorStats);
        OptionError bad = org.junit.jupiter.api.Assertions.assertThrows(OptionError.class,
                () -> AgentOptions.parse("allocatorStats=yes"));
        assertTrue(bad.getMessage().contains("allocatorStats") && bad.getMessage().contains("auto, on, off"),
                bad.getMessage());
    }

    @Test
    void onlyAnAbsentOrAutoSmapsIsAdaptive() throws OptionError {
        assertTrue(AgentOptions.parse("").smapsAdaptive);
        assertTrue(AgentOptions.parse("smaps=auto").smapsAdaptive);
        assertEquals(AgentOptions.DEFAULT_SMAPS_INTERVAL_MILLIS, AgentOptions.parse("").smapsIntervalMillis);
        for (String explicit : new String[] {"smaps=on", "smaps=1m", "smaps=5m", "smaps=off"}) {
            assertFalse(AgentOptions.parse(explicit).smapsAdaptive, explicit);
        }
        assertEquals(AgentOptions.parse(""), AgentOptions.parse("smaps=auto"));
        assertFalse(AgentOptions.parse("").equals(AgentOptions.parse("smaps=on")), "an explicit on is kept as written");
    }

    @Test
    void liveSetIsOffExitOrAnInterval() throws OptionError {
        AgentOptions off = AgentOptions.parse("");
        assertFalse(off.liveSetAtExit);
        AgentOptions exit = AgentOptions.parse("liveSet=exit");
        assertTrue(exit.liveSetAtExit);
        assertEquals(0, exit.liveSetIntervalMillis);
        AgentOptions every = AgentOptions.parse("interval=1s,liveSet=30s");
        assertTrue(every.liveSetAtExit);
        assertEquals(30_000, every.liveSetIntervalMillis);
        assertTrue(every.toString().contains(",liveSet=30s,"), every.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"liveSet=on", "liveSet=500ms", "liveSet=5s,interval=10s", "liveSet=", "smaps=sometimes"})
    void badLiveSetAndSmapsValuesNameTheOptionAndWhatItAccepts(String text) {
        OptionError error = assertThrows(OptionError.class, () -> AgentOptions.parse(text));
        String option = text.substring(0, text.indexOf('='));
        assertTrue(error.getMessage().contains("option '" + option + "'") && error.getMessage().contains("accepted: ")
                && error.getMessage().contains("off"), error.getMessage());
    }

    @Test
    void outReplacesEveryPid() throws OptionError {
        assertEquals("/d/7/x-7.jsonl", AgentOptions.parse("out=/d/%p/x-%p.jsonl").outPath(7));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "interval=500ms",
        "interval=1500ms,maxSize=0,trim=on",
        "out=/var/tmp/a-%p.jsonl,interval=5m,maxSize=64KB,maxFiles=1000,nmt=off,smaps=off,mallocInfo=off,trim=90s,log=off",
        "maxSize=5000,trim=1000ms,log=WARN",
        "smaps=on,liveSet=exit",
        "smaps=auto,liveSet=2m",
        "memoryLimit=512MB,captureAt=90%+50%+66.5%",
        "memoryLimit=1536MB,captureAt=off",
    })
    void toStringParsesBackEqual(String text) throws OptionError {
        AgentOptions options = AgentOptions.parse(text);
        AgentOptions again = AgentOptions.parse(options.toString());
        assertEquals(options, again);
        assertEquals(options.toString(), again.toString());
        assertEquals(options.hashCode(), again.hashCode());
        assertEquals(options.maxSizeBytes, again.maxSizeBytes);
        assertEquals(options.trimIntervalMillis, again.trimIntervalMillis);
    }

    @Test
    void capturesDefaultToTheCgroupLimitAt75And90Percent() throws OptionError {
        AgentOptions defaults = AgentOptions.parse("");
        assertEquals(0, defaults.memoryLimitBytes);
        assertEquals(java.util.List.of(0.75, 0.9), defaults.captureThresholds);
        AgentOptions written = AgentOptions.parse("memoryLimit=2GB,captureAt=90%+50%");
        assertEquals(2L << 30, written.memoryLimitBytes);
        assertEquals(java.util.List.of(0.5, 0.9), written.captureThresholds, "ascending");
        assertTrue(written.toString().contains(",memoryLimit=2GB,captureAt=50%+90%,"), written.toString());
        assertEquals(java.util.List.of(), AgentOptions.parse("captureAt=OFF").captureThresholds);
    }

    @Test
    void differentOptionsAreNotEqual() throws OptionError {
        assertFalse(AgentOptions.parse("interval=1s").equals(AgentOptions.parse("interval=2s")));
    }

    /** {@code text}, the option the message must name, and words of the accepted values it must show. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "colour=red|colour|out, interval, maxSize, maxFiles, history, nmt, smaps, mallocInfo, allocatorStats, trim, liveSet, heapSites, nativeSites, maxSites, siteSkip, allocThrottle, unsafeSampleBytes, weaveCache, metrics, liveVerdict, memoryLimit, captureAt, log",
        "interval=1s,nmt|nmt|key=value",
        "nmt=on,nmt=off|nmt|twice",
        "interval=50ms|interval|at least 100ms",
        "interval=abc|interval|500ms, 10s, 5m",
        "interval=-1s|interval|500ms, 10s, 5m",
        "maxSize=12QB|maxSize|64KB, 100MB",
        "maxSize=1KB|maxSize|at least 4KB",
        "maxFiles=0|maxFiles|1 to 1000",
        "maxFiles=x|maxFiles|1 to 1000",
        "nmt=maybe|nmt|on, off",
        "log=loud|log|off, error, warn, info, debug",
        "trim=1ms|trim|off, on",
        "trim=soon|trim|off, on",
        "out=|out|file path",
        "out=  |out|file path",
        "heapSites=yes|heapSites|on, off",
        "nativeSites=direct+malloc|nativeSites|direct, inflater, zip, threads, mmap, unsafe",
        "siteSkip=com..pool|siteSkip|prefixes joined by +",
        "siteSkip=com.a+|siteSkip|prefixes joined by +",
        "nativeSites=|nativeSites|joined by +",
        "maxSites=0|maxSites|1 to 1000",
        "allocThrottle=fast|allocThrottle|100/s",
        "allocThrottle=0/s|allocThrottle|units ms, s, m, h",
        "unsafeSampleBytes=10|unsafeSampleBytes|at least 1KB",
        "weaveCache=|weaveCache|auto, off, or a directory",
        "metrics=banana|metrics|host:port such as 0.0.0.0:9400",
        "metrics=|metrics|a port such as 9400",
        "metrics=70000|metrics|port 0 picks a free one",
        "metrics=:9400|metrics|host:port",
        "metrics=my host:9400|metrics|host:port",
        "liveVerdict=5s|liveVerdict|at least 10s",
        "liveVerdict=often|liveVerdict|off, or the least time",
        "memoryLimit=banana|memoryLimit|auto (the memory cgroup's limit, the default), or a size such as 512MB",
        "memoryLimit=100KB|memoryLimit|at least 1MB",
        "captureAt=150%|captureAt|above 0% and below 100% joined by +, such as 75%+90%",
        "captureAt=100%|captureAt|below 100%",
        "captureAt=0%|captureAt|above 0%",
        "captureAt=75|captureAt|75%+90%",
        "captureAt=75%+75%|captureAt|different percentages",
        "captureAt=10%+20%+30%+40%+50%+60%|captureAt|up to 5",
        "captureAt=|captureAt|off, or",
    })
    void rejectsWithOneLineNamingTheOptionAndWhatItAccepts(String text, String option, String accepted) {
        OptionError error = assertThrows(OptionError.class, () -> AgentOptions.parse(text));
        String message = error.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        assertTrue(message.contains("'" + option + "'"), () -> "names " + option + ": " + message);
        assertTrue(message.contains(accepted), () -> "shows " + accepted + ": " + message);
    }

    @Test
    void siteOptions() throws OptionError {
        AgentOptions defaults = AgentOptions.parse("");
        assertFalse(defaults.heapSites);
        assertEquals(java.util.List.of("direct", "zip", "threads", "mmap"), defaults.nativeSites,
                "the low-rate kinds are on by default, inflater and unsafe are not");
        assertEquals(defaults, AgentOptions.parse(defaults.toString()));
        assertTrue(AgentOptions.parse("nativeSites=off").nativeSites.isEmpty());
        AgentOptions all = AgentOptions.parse("nativeSites=on,heapSites=on,maxSites=7,allocThrottle=20/S,"
                + "unsafeSampleBytes=1MB");
        assertTrue(all.heapSites);
        assertEquals(AgentOptions.NATIVE_KINDS, all.nativeSites);
        assertEquals(7, all.maxSites);
        assertEquals("20/s", all.allocThrottle);
        assertEquals(1 << 20, all.unsafeSampleBytes);
        assertTrue(all.toString().contains("nativeSites=on,heapSites") || all.toString().contains("nativeSites=on"));
        AgentOptions some = AgentOptions.parse("nativeSites=unsafe+direct");
        assertEquals(java.util.List.of("direct", "unsafe"), some.nativeSites, "canonical order");
        assertTrue(some.toString().contains("nativeSites=direct+unsafe"), some.toString());
        assertEquals(some, AgentOptions.parse(some.toString()));
        assertEquals(AgentOptions.parse("nativeSites=direct+inflater+zip+threads+mmap+unsafe"), all.nativeSites.isEmpty()
                ? null : AgentOptions.parse("nativeSites=on"));
        assertEquals("auto", defaults.weaveCache);
        assertEquals("off", AgentOptions.parse("weaveCache=off").weaveCache);
        AgentOptions cached = AgentOptions.parse("weaveCache=/var/cache/bloatscope");
        assertEquals("/var/cache/bloatscope", cached.weaveCache);
        assertEquals(cached, AgentOptions.parse(cached.toString()));
    }

    @Test
    void rejectionsCarryNoStackTrace() {
        OptionError error = assertThrows(OptionError.class, () -> AgentOptions.parse("nmt=maybe"));
        assertEquals(0, error.getStackTrace().length);
        assertTrue(error.getMessage().contains("'maybe'"), error.getMessage());
    }

    @Test
    void metricsServeOnLoopbackUnlessAHostIsWritten() throws OptionError {
        assertEquals(null, AgentOptions.parse("").metrics, "off by default");
        assertEquals(null, AgentOptions.parse("metrics=off").metrics);
        MetricsAddress port = AgentOptions.parse("metrics=9400").metrics;
        assertEquals("127.0.0.1", port.host);
        assertEquals(9400, port.port);
        assertEquals(0, AgentOptions.parse("metrics=0").metrics.port, "0 picks a free port");
        assertEquals("0.0.0.0", AgentOptions.parse("metrics=0.0.0.0:9400").metrics.host);
        assertEquals("::1", AgentOptions.parse("metrics=[::1]:9400").metrics.host);
        AgentOptions all = AgentOptions.parse("metrics=[::1]:9400,liveVerdict=5m");
        assertTrue(all.toString().contains("metrics=[::1]:9400,liveVerdict=5m"), all.toString());
        assertEquals(all, AgentOptions.parse(all.toString()));
        assertEquals(60_000, AgentOptions.parse("").liveVerdictMillis);
        assertEquals(0, AgentOptions.parse("liveVerdict=off").liveVerdictMillis);
    }
}
