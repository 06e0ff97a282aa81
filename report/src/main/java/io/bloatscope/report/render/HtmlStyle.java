package io.bloatscope.report.render;

/** The report page's styles, inline because the page must not fetch anything. */
final class HtmlStyle {
    private HtmlStyle() {
    }

    static final String CSS = String.join("\n",
            "body{margin:0;background:#f6f6f4;color:#1d1d1f;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
                    + "'DejaVu Sans',sans-serif}",
            "main{max-width:1040px;margin:0 auto;padding:24px 28px 48px;background:#fff;min-height:100vh}",
            ".product{margin:0;color:#777;font-size:13px;letter-spacing:.06em;text-transform:uppercase}",
            "h1{margin:2px 0 18px;font-size:21px;font-weight:600;overflow-wrap:anywhere}",
            "h2{margin:34px 0 8px;font-size:19px;border-bottom:1px solid #e3e3e0;padding-bottom:4px}",
            "h3{margin:0 0 4px;font-size:17px}",
            "h4{margin:16px 0 6px;font-size:14px;color:#444}",
            ".headline{border-left:6px solid #888;background:#f2f2f0;padding:12px 18px;border-radius:4px}",
            ".headline p{margin:0;font-size:18px;font-weight:600}",
            ".headline p.meta{margin-top:4px;font-size:13px;font-weight:400;color:#555}",
            ".headline p.trim{margin-top:8px;font-size:14px;font-weight:400}",
            ".judged{color:#555;font-size:13px;margin:4px 0}",
            "ul.not-judged li{margin:4px 0}ul.not-judged .step{color:#333;font-size:13px}",
            ".verdict.inconclusive{background:#f4f6f8;border-left-style:dashed}",
            ".healthy{border-color:#2e8b57}.headline.healthy{background:#eef7f1}",
            ".bloat{border-color:#d68910}.headline.bloat{background:#fdf5e6}",
            ".leak{border-color:#c0392b}.headline.leak{background:#fbeeee}",
            ".inconclusive{border-color:#5d6d7e}.headline.inconclusive{background:#f0f3f5}",
            ".explain,.when{color:#555;font-size:13px}",
            "figure{margin:8px 0 4px}",
            "svg.chart{width:100%;height:auto;display:block;font-size:12px}",
            "svg.chart text{fill:#444}",
            "svg.chart .grid{stroke:#e6e6e6}svg.chart .tick,svg.chart .frame{stroke:#888}",
            "svg.chart .axis-title{fill:#666}",
            ".legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:13px;color:#333;margin:6px 0 0 72px}",
            ".swatch{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:-2px;border-radius:2px}",
            ".swatch.hatch{background:repeating-linear-gradient(45deg,#6b6560 0 2px,#d9d4d0 2px 5px)}",
            ".swatch.line{height:3px;vertical-align:3px;background:#111}",
            "table{border-collapse:collapse;margin:8px 0;font-size:14px}",
            "th,td{padding:4px 12px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}",
            "thead th{font-weight:600;color:#555;border-bottom:1px solid #ccc}",
            "table.ledger td:nth-child(n+2),table.ledger th:nth-child(n+2),table.sites td:nth-child(2)"
                    + "{text-align:right;font-variant-numeric:tabular-nums}",
            "table.ledger tr.total td{font-weight:600;border-top:1px solid #999}",
            "table.ledger tr.unexplained td{background:#f3f1ef;font-weight:600}",
            "table.evidence th{font-weight:400;color:#444;min-width:220px}",
            "table.evidence td{font-variant-numeric:tabular-nums;font-weight:600}",
            "table.facts th{font-weight:400;color:#555;white-space:nowrap}",
            "table.facts td,td.frame{font-family:ui-monospace,'DejaVu Sans Mono',monospace;font-size:13px;word-break:break-all}",
            "td.details{color:#555;font-size:13px}",
            ".verdict{border-left:4px solid #888;padding:10px 16px 12px;margin:14px 0;background:#fcfcfb}",
            ".verdict.healthy{border-left-color:#2e8b57}.verdict.bloat{border-left-color:#d68910}"
                    + ".verdict.leak{border-left-color:#c0392b}.verdict.inconclusive{border-left-color:#5d6d7e}",
            ".kind{font:12px ui-monospace,monospace;color:#666;font-weight:400;margin-left:6px}",
            ".confidence{margin:0;color:#555;font-size:13px}.confidence meter{width:120px;vertical-align:middle}",
            ".summary{font-size:15px}",
            ".remedies li,.notes li{margin:3px 0}",
            "footer{margin-top:40px;color:#888;font-size:12px}");
}
