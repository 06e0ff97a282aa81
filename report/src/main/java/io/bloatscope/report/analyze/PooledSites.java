package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.Verdict;
import io.bloatscope.report.model.VerdictKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A leak whose top site allocates through a pool (the agent recorded the layer, {@code via}) is a
 * pool that grows: the pool allocates a chunk only when its free space runs out, so chunks keep
 * coming only while buffers taken from it are not given back. The verdict says so, and for Netty
 * names Netty's own leak detector, which records where each unreleased buffer was allocated and
 * last touched: the bloatscope site is the request that needed a new chunk, not necessarily the
 * one that forgot its buffer.
 */
final class PooledSites {
    private PooledSites() {
    }

    static Verdict explain(Verdict v) {
        if (v.kind != VerdictKind.DIRECT_BUFFER_LEAK && v.kind != VerdictKind.NATIVE_LEAK || v.sites.isEmpty()) {
            return v;
        }
        Site top = v.sites.get(0);
        Object via = top.details.get("via");
        if (via == null) {
            return v;
        }
        boolean netty = via.toString().startsWith("Netty");
        Map<String, Object> evidence = new LinkedHashMap<>(v.evidence);
        evidence.put("via", via);
        String summary = v.summary + " The memory is a pool's chunks (via " + via + "): a pool grows only while the"
                + " buffers taken from it are not released, so this is a leak of pooled buffers, not of the pool.";
        List<String> remedies = new ArrayList<>();
        if (netty) {
            remedies.add("Find the unreleased buffers with Netty's own leak detector: -Dio.netty.leakDetection.level=paranoid"
                    + " logs where each leaked ByteBuf was allocated and last touched (the site above is the request that"
                    + " needed a new chunk, not necessarily the one that kept its buffer).");
        }
        remedies.addAll(v.remedies);
        return new Verdict(v.kind, v.confidence, summary, evidence, v.sites, remedies, v.seriesNames, v.judged,
                v.notJudged);
    }
}
