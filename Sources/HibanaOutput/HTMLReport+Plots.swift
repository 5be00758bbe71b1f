/// The report's SVG figures, each thinned to `ReportLimits`.
extension HTMLReport {
    /// Populations that have recorded neurons, with their colour.
    var recordedPopulations: [(population: RunSummary.Population, color: String)] {
        summary.populations.enumerated().filter { $0.element.statistics.neurons > 0 }
            .map { ($0.element, PlotFrame.color($0.offset)) }
    }

    // MARK: raster

    /// Which spikes the raster draws: every `rowStride`-th recorded neuron, up to `timeLimit`.
    struct RasterSample {
        var rows: [(color: String, population: String, train: [Double])] = []
        var rowStride = 1
        var timeLimit: Double?
        var shown = 0
        var total = 0
    }

    func rasterSample() -> RasterSample {
        var sample = RasterSample()
        var all: [(color: String, population: String, train: [Double])] = []
        for (p, color) in recordedPopulations {
            for train in p.activity.trains { all.append((color, p.activity.name, train)) }
        }
        sample.total = all.reduce(0) { $0 + $1.train.count }
        sample.rowStride = max(1, (all.count + limits.rasterRows - 1) / limits.rasterRows)
        sample.rows = stride(from: 0, to: all.count, by: sample.rowStride).map { all[$0] }
        var kept = sample.rows.flatMap(\.train)
        if kept.count > limits.rasterPoints {
            kept.sort()
            let limit = kept[limits.rasterPoints - 1]
            sample.timeLimit = limit
            sample.rows = sample.rows.map { ($0.color, $0.population, $0.train.filter { $0 <= limit }) }
        }
        sample.shown = sample.rows.reduce(0) { $0 + $1.train.count }
        return sample
    }

    func rasterPlot() -> String {
        let sample = rasterSample()
        let end = sample.timeLimit ?? duration
        var frame = PlotFrame(x: 0...max(end, summary.resolution), y: 0...Double(max(sample.rows.count, 1)), height: 320)
        frame.left = 90
        var s = "<p class=\"caption\">\(rasterCaption(sample))</p>\n"
        s += frame.open(id: "raster", title: "Spike raster: recorded neurons against time")
        s += frame.axes(xLabel: "time (ms)", yLabel: "recorded neurons (by population, id)", yTicks: false)
        let rowHeight = frame.plotHeight / Double(max(sample.rows.count, 1))
        let tick = max(1, rowHeight * 0.8)
        // One path per population and colour: a vertical tick per spike.
        var paths: [(color: String, d: String)] = []
        var bands: [(name: String, first: Int, last: Int)] = []
        for (r, row) in sample.rows.enumerated() {
            if paths.last?.color != row.color { paths.append((row.color, "")) }
            if bands.last?.name != row.population { bands.append((row.population, r, r)) } else { bands[bands.count - 1].last = r }
            let y0 = frame.top + Double(r) * rowHeight + (rowHeight - tick) / 2
            var d = ""
            for t in row.train { d += "M\(frame.c(frame.px(t))) \(frame.c(y0))v\(frame.c(tick))" }
            paths[paths.count - 1].d += d
        }
        for path in paths where !path.d.isEmpty {
            s += "<path class=\"spikes\" d=\"\(path.d)\" stroke=\"\(path.color)\" stroke-width=\"1\" fill=\"none\"/>"
        }
        for band in bands {
            let mid = frame.top + (Double(band.first + band.last + 1) / 2) * rowHeight
            s += "<text x=\"\(frame.c(frame.left - 8))\" y=\"\(frame.c(mid + 4))\" text-anchor=\"end\">\(escapeHTML(band.name))</text>"
            if band.first > 0 {
                let y = frame.top + Double(band.first) * rowHeight
                s += "<line x1=\"\(frame.c(frame.left))\" y1=\"\(frame.c(y))\" x2=\"\(frame.c(frame.left + frame.plotWidth))\" "
                    + "y2=\"\(frame.c(y))\" stroke=\"#bbb\"/>"
            }
        }
        if sample.rows.isEmpty {
            s += "<text x=\"\(frame.c(frame.left + frame.plotWidth / 2))\" y=\"\(frame.c(frame.top + frame.plotHeight / 2))\" "
                + "text-anchor=\"middle\">no spike recorder</text>"
        }
        return s + "</svg>\n"
    }

    func rasterCaption(_ sample: RasterSample) -> String {
        var parts = ["\(sample.shown) of \(sample.total) recorded spikes shown"]
        if sample.rowStride > 1 { parts.append("every \(sample.rowStride)th recorded neuron") }
        if let limit = sample.timeLimit { parts.append("up to t = \(NumberText.roundTrip(limit)) ms") }
        return parts.joined(separator: ", ") + "."
    }

    // MARK: rates

    /// The bin width of the rate plot: 1, 2 or 5 × 10^k ms, at least one time step.
    var rateBinWidth: Double {
        let (_, step) = PlotFrame.ticks(0, max(duration, summary.resolution), target: limits.rateBins)
        return max(step, summary.resolution)
    }

    func ratePlot() -> String {
        let w = rateBinWidth
        var series: [(name: String, color: String, rates: [Double])] = []
        for (p, color) in recordedPopulations {
            let counts = SpikeStatistics.binCounts(p.activity.trains.joined(), binWidth: w, duration: duration)
            let scale = 1000 / (Double(p.statistics.neurons) * w)
            series.append((p.activity.name, color, counts.map { Double($0) * scale }))
        }
        let bins = series.first?.rates.count ?? 0
        let top = series.flatMap(\.rates).max() ?? 0
        let frame = PlotFrame(x: 0...max(Double(bins) * w, summary.resolution), y: 0...max(top * 1.05, 1))
        var s = "<p class=\"caption\">Spikes of the recorded neurons per neuron and second, in \(NumberText.roundTrip(w)) ms bins.</p>\n"
        s += frame.open(id: "rates", title: "Population rates against time")
        s += frame.axes(xLabel: "time (ms)", yLabel: "rate (Hz)")
        for line in series {
            var d = "M\(frame.c(frame.px(0))) \(frame.c(frame.py(line.rates.first ?? 0)))"
            for (k, r) in line.rates.enumerated() {
                d += "V\(frame.c(frame.py(r)))H\(frame.c(frame.px(Double(k + 1) * w)))"
            }
            s += "<path class=\"rate\" d=\"\(d)\" stroke=\"\(line.color)\" stroke-width=\"1.5\" fill=\"none\"/>"
        }
        s += frame.legend(series.map { ($0.name, $0.color) })
        return s + "</svg>\n"
    }

    func rateBars() -> String {
        let bars = recordedPopulations.map { (name: $0.population.activity.name, color: $0.color, rate: $0.population.statistics.meanRate ?? 0) }
        let top = bars.map(\.rate).max() ?? 0
        var frame = PlotFrame(x: 0...Double(max(bars.count, 1)), y: 0...max(top * 1.15, 1), height: 240)
        frame.width = min(900, 220 + 90 * Double(max(bars.count, 1)))
        frame.right = 20
        var s = frame.open(id: "rate-bars", title: "Mean rate per population")
        s += frame.axes(xLabel: "population", yLabel: "mean rate (Hz)", xTicks: false)
        for (k, bar) in bars.enumerated() {
            let x0 = frame.px(Double(k) + 0.2), x1 = frame.px(Double(k) + 0.8)
            let y = frame.py(bar.rate), base = frame.py(0)
            s += "<rect class=\"bar\" x=\"\(frame.c(x0))\" y=\"\(frame.c(y))\" width=\"\(frame.c(x1 - x0))\" "
                + "height=\"\(frame.c(base - y))\" fill=\"\(bar.color)\"/>"
            let mid = frame.c((x0 + x1) / 2)
            s += "<text x=\"\(mid)\" y=\"\(frame.c(y - 4))\" text-anchor=\"middle\">\(NumberText.fixed(bar.rate, decimals: 2))</text>"
            s += "<text x=\"\(mid)\" y=\"\(frame.c(base + 18))\" text-anchor=\"middle\">\(escapeHTML(bar.name))</text>"
        }
        return s + "</svg>\n"
    }

    // MARK: traces

    func tracePlots() -> String {
        guard traces.contains(where: { !$0.data.senders.isEmpty && !$0.data.times.isEmpty }) else {
            return "<p class=\"note\">No multimeter recorded anything in this run.</p>\n"
        }
        var s = ""
        for recorder in traces where !recorder.data.senders.isEmpty && !recorder.data.times.isEmpty {
            let shown = Array(recorder.data.senders.prefix(limits.tracesPerPlot))
            for (v, variable) in recorder.variables.enumerated() {
                guard let values = recorder.data.values[variable] else { continue }
                let unit = recorder.units[v]
                let label = unit.isEmpty ? variable : "\(variable) (\(unit))"
                let lines = shown.indices.map { i in
                    Self.decimate(times: recorder.data.times, values: values[i], maxPoints: limits.traceSamples)
                }
                let finite = lines.joined().filter { $0.value.isFinite }
                let low = finite.map(\.value).min() ?? 0, high = finite.map(\.value).max() ?? 1
                let pad = max((high - low) * 0.05, 1e-9)
                let times = recorder.data.times
                let frame = PlotFrame(x: min(0, times[0])...times[times.count - 1], y: (low - pad)...(high + pad))
                let more = recorder.data.senders.count > shown.count ? " (the first \(shown.count) of \(recorder.data.senders.count) recorded neurons)" : ""
                s += "<h3>\(escapeHTML(recorder.name)): \(escapeHTML(variable))\(more)</h3>\n"
                s += frame.open(id: "trace-\(recorder.stem)-\(variable)", className: "trace", title: "\(recorder.name): \(label) against time")
                s += frame.axes(xLabel: "time (ms)", yLabel: label)
                for (i, points) in lines.enumerated() {
                    s += "<path class=\"trace-line\" d=\"\(Self.pathData(points, frame: frame))\" stroke=\"\(PlotFrame.color(i))\" stroke-width=\"1\" fill=\"none\"/>"
                }
                s += frame.legend(shown.enumerated().map { ("neuron \($0.element)", PlotFrame.color($0.offset)) })
                s += "</svg>\n"
            }
        }
        return s
    }

    /// A polyline through the finite points; a NaN or infinity breaks the line.
    static func pathData(_ points: [(time: Double, value: Double)], frame: PlotFrame) -> String {
        var d = ""
        var drawing = false
        for p in points {
            guard p.value.isFinite else {
                drawing = false
                continue
            }
            d += (drawing ? "L" : "M") + "\(frame.c(frame.px(p.time))) \(frame.c(frame.py(p.value)))"
            drawing = true
        }
        return d
    }

    /// At most `maxPoints` points: the minimum and the maximum of each of `maxPoints / 2` buckets,
    /// in time order, so a spike or a reset inside a bucket is still drawn.
    static func decimate(times: [Double], values: [Double], maxPoints: Int) -> [(time: Double, value: Double)] {
        let n = min(times.count, values.count)
        guard n > maxPoints, maxPoints >= 2 else { return (0..<n).map { (times[$0], values[$0]) } }
        let buckets = maxPoints / 2
        var out: [(time: Double, value: Double)] = []
        out.reserveCapacity(2 * buckets)
        for b in 0..<buckets {
            let range = (b * n / buckets)..<((b + 1) * n / buckets)
            guard !range.isEmpty else { continue }
            var lo = range.lowerBound, hi = range.lowerBound
            for i in range {
                if values[i] < values[lo] { lo = i }
                if values[i] > values[hi] { hi = i }
            }
            for i in lo == hi ? [lo] : [min(lo, hi), max(lo, hi)] { out.append((times[i], values[i])) }
        }
        return out
    }
}
