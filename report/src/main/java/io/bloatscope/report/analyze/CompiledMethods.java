package io.bloatscope.report.analyze;

import io.bloatscope.report.model.Site;
import io.bloatscope.report.model.VerdictKind;
import io.bloatscope.report.read.Fields;
import io.bloatscope.report.read.RunTail;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compilations behind the JIT compiler's memory, as the agent read them from
 * {@code Compiler.memory} (JDK 22+ with {@code memstat}) at a jump of compiler memory or at exit:
 * the "sites" of a {@code JIT_COMPILER_MEMORY} verdict, each a compiled method with its arena bytes.
 * The latest read in the run is used ({@link RunTail#compilerMemory}): the JVM's table keeps the largest compilations of the
 * whole run, so the latest read includes the earlier ones. Every other kind goes to the allocation
 * sites it wraps.
 */
final class CompiledMethods implements SiteIndex {
    private final SiteIndex sites;
    private final List<Site> methods;

    private CompiledMethods(SiteIndex sites, List<Site> methods) {
        this.sites = sites;
        this.methods = methods;
    }

    static SiteIndex over(SiteIndex sites, RunTail tail) {
        Object compilerMemory = tail.compilerMemory();
        if (compilerMemory == null) {
            return sites;
        }
        List<Site> methods = new ArrayList<>();
        for (Object row : Fields.getList(compilerMemory, "top")) {
            if (row instanceof Map) {
                Map<?, ?> compilation = (Map<?, ?>) row;
                Map<String, Object> details = new LinkedHashMap<>();
                for (String key : List.of("compiler", "nodes", "result")) {
                    if (compilation.containsKey(key)) {
                        details.put(key, compilation.get(key));
                    }
                }
                Object bytes = compilation.get("totalBytes");
                methods.add(new Site(String.valueOf(compilation.get("method")),
                        bytes instanceof Number ? ((Number) bytes).longValue() : 0, details));
            }
        }
        return methods.isEmpty() ? sites : new CompiledMethods(sites, methods);
    }

    @Override
    public List<Site> sitesFor(VerdictKind kind, String category) {
        return kind == VerdictKind.JIT_COMPILER_MEMORY ? methods : sites.sitesFor(kind, category);
    }

    @Override
    public List<NativeSiteFigures> nativeSites() {
        return sites.nativeSites();
    }
}
