/// `report.html`: one self-contained page (inline CSS and SVG, no script, nothing fetched) with
/// the run's figures and statistics, the raster (`<svg id="raster">`), population rates
/// (`<svg id="rates">`), mean-rate bars (`<svg id="rate-bars">`) and recorded traces
/// (`<section id="traces">` holding one `<svg class="trace">` per multimeter variable).
struct HTMLReport {
    var summary: RunSummary
    var traces: [RunRecordings.Traces]
    var limits: ReportLimits

    var duration: Double { summary.timeReached }

    func render() -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Hibana run report</title>
            <link rel="icon" href="data:,">
            <style>\(Self.style)</style>
            </head>
            <body>
            <h1>Hibana run report</h1>

            """
        html += statusLine() + "\n"
        html += runTable() + "\n"
        html += populationTable() + "\n"
        html += "<section id=\"raster-section\"><h2>Spike raster</h2>\n" + rasterPlot() + "</section>\n"
        html += "<section id=\"rates-section\"><h2>Population rates</h2>\n" + ratePlot() + "</section>\n"
        html += "<section id=\"rate-bars-section\"><h2>Mean rates</h2>\n" + rateBars() + "</section>\n"
        html += "<section id=\"traces\"><h2>Recorded traces</h2>\n" + tracePlots() + "</section>\n"
        html += "</body>\n</html>\n"
        return html
    }

    static let style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:24px auto;max-width:960px;color:#222}
        h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}
        table{border-collapse:collapse;font-size:0.9em}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:right}
        th:first-child,td:first-child,.text{text-align:left}
        .status{padding:8px 12px;border-radius:4px}.status.ok{background:#e8f4ea}.status.interrupted{background:#fde8e6}
        .caption,.note{font-size:0.85em;color:#555}
        svg{display:block;margin:6px 0;background:#fff}svg text{font-size:12px;fill:#222}
        svg .axis-label{font-size:13px}
        """

    // MARK: tables

    func statusLine() -> String {
        let reached = NumberText.roundTrip(summary.timeReached)
        if summary.interrupted {
            let reason = summary.reason.map { ": " + escapeHTML($0) } ?? ""
            return "<p id=\"status\" class=\"status interrupted\">Interrupted at t = \(reached) ms\(reason). "
                + "Everything recorded up to then is in the files and plots below.</p>"
        }
        return "<p id=\"status\" class=\"status ok\">Completed: \(reached) ms of biological time simulated.</p>"
    }

    func runTable() -> String {
        func row(_ name: String, _ value: String) -> String { "<tr><td>\(escapeHTML(name))</td><td>\(escapeHTML(value))</td></tr>" }
        var rows = [
            row("neurons", String(summary.neurons)),
            row("synapses", String(summary.synapses)),
            row("spikes (all neurons)", String(summary.totalSpikes)),
            row("resolution", NumberText.roundTrip(summary.resolution) + " ms"),
            row("threads", String(summary.threads)),
            row("backend", summary.backend.rawValue + (summary.precision == .float ? " (float)" : "")
                + (summary.gpu.map { ", GPU \($0)" } ?? "")),
            row("build time", NumberText.fixed(summary.buildSeconds, decimals: 3) + " s"),
            row("simulation time", NumberText.fixed(summary.simulateSeconds, decimals: 3) + " s"),
        ]
        if let factor = summary.realTimeFactor {
            rows.append(row("real-time factor (wall s per biological s)", NumberText.fixed(factor, decimals: 3)))
        }
        if let bytes = summary.peakResidentBytes {
            rows.append(row("peak memory (RSS)", NumberText.fixed(Double(bytes) / 1_048_576, decimals: 1) + " MiB"))
        }
        if summary.synapses > 0 {
            rows.append(row("synapse memory", NumberText.fixed(Double(summary.synapseBytes) / Double(summary.synapses), decimals: 2) + " bytes per synapse"))
        }
        return "<section id=\"run\"><h2>Run</h2><table id=\"run-table\">" + rows.joined() + "</table></section>"
    }

    func populationTable() -> String {
        func number(_ x: Double?, _ decimals: Int) -> String { x.map { NumberText.fixed($0, decimals: decimals) } ?? "–" }
        var s = "<section id=\"populations\"><h2>Populations</h2><table id=\"population-table\"><tr><th>population</th>"
            + "<th class=\"text\">model</th><th>neurons</th><th>recorded</th><th>recorded spikes</th><th>mean rate (Hz)</th>"
            + "<th>CV of ISI</th><th>Fano factor (\(NumberText.roundTrip(SpikeStatistics.defaultBinWidth)) ms bins)</th></tr>"
        for p in summary.populations {
            let st = p.statistics
            s += "<tr><td>\(escapeHTML(p.activity.name))</td><td class=\"text\">\(escapeHTML(p.activity.model))</td><td>\(p.activity.size)</td>"
                + "<td>\(st.neurons)</td><td>\(st.spikes)</td><td>\(number(st.meanRate, 2))</td>"
                + "<td>\(number(st.meanCV, 3))</td><td>\(number(st.fanoFactor, 3))</td></tr>"
        }
        s += "</table><p class=\"note\">Statistics of the neurons observed by spike recorders. CV of ISI: mean over "
            + "neurons with at least two inter-spike intervals of std/mean of their intervals. Fano factor: "
            + "variance/mean of the population spike count in consecutive bins; 1 for independent Poisson "
            + "firing, larger for synchronous activity. Exact definitions are in summary.json.</p></section>"
        return s
    }
}
