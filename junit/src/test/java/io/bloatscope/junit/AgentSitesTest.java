package io.bloatscope.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.bloatscope.junit.examples.LeakingExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineTestKit;

/** With the agent in the test JVM, a leak test's failure names the top allocation sites. */
class AgentSitesTest {
    @TempDir
    Path dir;

    @AfterEach
    void noAgent() {
        System.clearProperty("bloatscope.status");
    }

    private void agentWritingSites() throws Exception {
        Path snapshots = dir.resolve("run.jsonl");
        Files.write(snapshots, List.of(
                "{\"type\":\"header\",\"schema\":1}",
                "{\"type\":\"snapshot\",\"seq\":0,\"sites\":{\"native\":[{\"frame\":\"old.Frame.gone(A.java:1)\",\"kind\":\"direct\",\"liveCount\":1,\"liveBytes\":10}],\"heap\":[]}}",
                "{\"type\":\"snapshot\",\"seq\":1,\"sites\":{\"native\":["
                        + "{\"frame\":\"other\",\"kind\":\"direct\",\"liveCount\":9,\"liveBytes\":900000},"
                        + "{\"frame\":\"com.acme.Cache.put(Cache.java:42)\",\"kind\":\"direct\",\"liveCount\":100,\"liveBytes\":1638400},"
                        + "{\"frame\":\"com.acme.Zip.open(Zip.java:7)\",\"kind\":\"inflater\",\"liveCount\":0,\"liveBytes\":0}],"
                        + "\"heap\":[{\"frame\":\"com.acme.Orders.keep(Orders.java:9)\",\"type\":\"byte[]\",\"survivingCount\":12}]}}",
                "{\"type\":\"snapshot\",\"seq\":2,\"trunc"));
        System.setProperty("bloatscope.status", "running out=x,interval=1s writing " + snapshots);
    }

    @Test
    void namesTheLatestLiveAndSurvivingSites() throws Exception {
        agentWritingSites();
        List<String> lines = AgentSites.describe();
        assertEquals(List.of(
                "live native direct: com.acme.Cache.put(Cache.java:42), 1638400 bytes in 100 objects",
                "surviving heap byte[]: com.acme.Orders.keep(Orders.java:9), 12 sampled objects alive"), lines);
    }

    @Test
    void nothingWithoutTheAgent() {
        assertEquals(List.of(), AgentSites.describe());
        System.setProperty("bloatscope.status", "running out=x writing /no/such/file.jsonl");
        assertEquals(List.of(), AgentSites.describe(), "an unreadable file is no reason to fail differently");
    }

    @Test
    void aFailingLeakTestShowsTheSites() throws Exception {
        agentWritingSites();
        Throwable failure = EngineTestKit.engine("junit-jupiter")
                .selectors(selectMethod(LeakingExamples.class, "directBufferLeak")).execute().testEvents().failed()
                .stream().findFirst().orElseThrow().getPayload(TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
        assertTrue(failure.getMessage().contains("top allocation sites (bloatscope agent):")
                && failure.getMessage().contains("com.acme.Cache.put(Cache.java:42)"), failure.getMessage());
    }
}
