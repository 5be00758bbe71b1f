import Foundation

/// The axes of one SVG plot: a data rectangle mapped onto the drawing area, with ticks, tick
/// labels and axis labels. Coordinates are written with one decimal, locale-independently.
struct PlotFrame {
    var width = 900.0
    var height = 260.0
    var left = 70.0
    var right = 150.0
    var top = 12.0
    var bottom = 46.0
    var x: ClosedRange<Double>
    var y: ClosedRange<Double>

    init(x: ClosedRange<Double>, y: ClosedRange<Double>, height: Double = 260) {
        self.x = x.lowerBound < x.upperBound ? x : (x.lowerBound - 1)...(x.upperBound + 1)
        self.y = y.lowerBound < y.upperBound ? y : (y.lowerBound - 1)...(y.upperBound + 1)
        self.height = height
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    func px(_ v: Double) -> Double { left + (v - x.lowerBound) / (x.upperBound - x.lowerBound) * plotWidth }
    func py(_ v: Double) -> Double { top + (y.upperBound - v) / (y.upperBound - y.lowerBound) * plotHeight }

    /// Opening tag of the plot's `<svg>` with an id or class and an accessible title.
    func open(id: String? = nil, className: String? = nil, title: String) -> String {
        let idAttribute = id.map { " id=\"\(escapeHTML($0))\"" } ?? ""
        let classAttribute = className.map { " class=\"\(escapeHTML($0))\"" } ?? ""
        return "<svg\(idAttribute)\(classAttribute) xmlns=\"http://www.w3.org/2000/svg\" width=\"\(c(width))\" "
            + "height=\"\(c(height))\" viewBox=\"0 0 \(c(width)) \(c(height))\" role=\"img\">"
            + "<title>\(escapeHTML(title))</title>"
    }

    /// The frame, the x and y ticks (either can be left out), and the axis labels.
    func axes(xLabel: String, yLabel: String, xTicks: Bool = true, yTicks: Bool = true) -> String {
        var s = "<g class=\"axes\">"
        s += "<rect x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\" fill=\"none\" stroke=\"#444\"/>"
        let (xs, xStep) = Self.ticks(x.lowerBound, x.upperBound)
        for v in xTicks ? xs : [] {
            let p = px(v)
            s += "<line x1=\"\(c(p))\" y1=\"\(c(top + plotHeight))\" x2=\"\(c(p))\" y2=\"\(c(top + plotHeight + 5))\" stroke=\"#444\"/>"
            s += "<text x=\"\(c(p))\" y=\"\(c(top + plotHeight + 18))\" text-anchor=\"middle\">\(Self.label(v, step: xStep))</text>"
        }
        if yTicks {
            let (ys, yStep) = Self.ticks(y.lowerBound, y.upperBound, target: 5)
            for v in ys {
                let p = py(v)
                s += "<line x1=\"\(c(left - 5))\" y1=\"\(c(p))\" x2=\"\(c(left))\" y2=\"\(c(p))\" stroke=\"#444\"/>"
                s += "<text x=\"\(c(left - 8))\" y=\"\(c(p + 4))\" text-anchor=\"end\">\(Self.label(v, step: yStep))</text>"
            }
        }
        s += "<text class=\"axis-label\" x=\"\(c(left + plotWidth / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\">\(escapeHTML(xLabel))</text>"
        let cy = top + plotHeight / 2
        s += "<text class=\"axis-label\" x=\"16\" y=\"\(c(cy))\" text-anchor=\"middle\" transform=\"rotate(-90 16 \(c(cy)))\">\(escapeHTML(yLabel))</text>"
        return s + "</g>"
    }

    /// A legend to the right of the plot: one coloured line and name per entry.
    func legend(_ entries: [(name: String, color: String)]) -> String {
        var s = "<g class=\"legend\">"
        for (k, entry) in entries.enumerated() {
            let y = top + 14 + Double(k) * 18
            let x0 = left + plotWidth + 12
            s += "<line x1=\"\(c(x0))\" y1=\"\(c(y - 4))\" x2=\"\(c(x0 + 18))\" y2=\"\(c(y - 4))\" stroke=\"\(entry.color)\" stroke-width=\"3\"/>"
            s += "<text x=\"\(c(x0 + 24))\" y=\"\(c(y))\">\(escapeHTML(entry.name))</text>"
        }
        return s + "</g>"
    }

    /// Coordinates with one decimal.
    func c(_ v: Double) -> String { NumberText.fixed(v, decimals: 1) }

    /// About `target` round tick values (1, 2 or 5 × 10^k apart) inside lo…hi, and their spacing.
    static func ticks(_ lo: Double, _ hi: Double, target: Int = 8) -> (values: [Double], step: Double) {
        let span = hi - lo
        guard span > 0, span.isFinite else { return ([lo], 1) }
        let raw = span / Double(target)
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let normalized = raw / magnitude
        let step = (normalized < 1.5 ? 1 : normalized < 3 ? 2 : normalized < 7 ? 5 : 10) * magnitude
        var values: [Double] = []
        var k = (lo / step).rounded(.up)
        while k * step <= hi + step * 1e-9 {
            values.append(k * step)
            k += 1
        }
        return (values, step)
    }

    /// A tick label with as many decimals as the spacing needs.
    static func label(_ v: Double, step: Double) -> String {
        let decimals = step >= 1 ? 0 : Int(-(log10(step)).rounded(.down))
        return NumberText.fixed(v, decimals: min(decimals, 9))
    }

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    static func color(_ k: Int) -> String { palette[k % palette.count] }
}

/// Text made safe inside HTML and SVG elements and attribute values.
func escapeHTML(_ s: String) -> String {
    var out = ""
    for ch in s {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(ch)
        }
    }
    return out
}
