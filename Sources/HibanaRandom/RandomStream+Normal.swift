#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RandomStream {
    /// Standard normal deviate: the ziggurat method (Marsaglia & Tsang 2000, "The ziggurat method
    /// for generating random variables", J. Stat. Softw. 5:8) with 256 layers, in Doornik's (2005)
    /// form, which takes the layer and the value from independent bits. One 64-bit draw serves
    /// 99 % of the calls with a multiply and a compare — no logarithm or square root, a quarter of
    /// the random bits of the polar method; building the microcircuit draws 6×10⁸ of them.
    ///
    /// Bits of the draw: 0–7 pick the layer, 8 the sign, 11–63 the uniform position in the layer.
    @inlinable
    public mutating func normal() -> Double {
        let table = zigguratNormal
        while true {
            let bits = next64()
            let layer = Int(bits & 0xFF)
            let u = Double(bits >> 11) * 0x1.0p-53
            let x = u * table.x[layer]
            let signed = bits & 0x100 == 0 ? x : -x
            if u < table.ratio[layer] { return signed }
            if let value = normalOutside(layer: layer, x: x, table: table) { return bits & 0x100 == 0 ? value : -value }
        }
    }

    /// The rare cases: the base layer's tail beyond r, or the wedge between a layer's rectangle and
    /// the curve. Returns the magnitude, or nil to draw again.
    @usableFromInline
    mutating func normalOutside(layer: Int, x: Double, table: ZigguratTable.Layout) -> Double? {
        if layer == 0 {
            // Marsaglia (1964): exact sampling of the tail x > r.
            let r = table.x[1]
            while true {
                let a = log(uniformPositive()) / r
                let b = log(uniformPositive())
                if -2 * b >= a * a { return r - a }
            }
        }
        let below = exp(-0.5 * (table.x[layer] * table.x[layer] - x * x))
        let above = exp(-0.5 * (table.x[layer + 1] * table.x[layer + 1] - x * x))
        return above + uniform() * (below - above) < 1 ? x : nil
    }
}

/// The normal's table, built once and never freed: a raw pointer, so that the hot path reads it
/// with no reference counting.
extension RandomStream {
    /// The ziggurat's layer edges x[0 ... 256] and ratios x[i + 1] / x[i], for ports of `normal()` (the GPU's).
    public static var zigguratTables: (x: [Double], ratio: [Double]) {
        (Array(UnsafeBufferPointer(start: zigguratNormal.x, count: 257)), Array(UnsafeBufferPointer(start: zigguratNormal.ratio, count: 256)))
    }
}

@usableFromInline nonisolated(unsafe) let zigguratNormal = ZigguratTable.Layout(
    ZigguratTable(layers: 256, r: 3.6541528853610088, area: 4.92867323399e-3))

/// The layers of equal area under exp(−x²/2): layer i spans x in [0, x[i]), and its part below
/// x[i + 1] lies wholly under the curve (`ratio[i]` = x[i + 1] / x[i]). Layer 0 is the base
/// strip plus the tail, its x[0] the width of a rectangle of the same area. r and v for 256
/// layers are Marsaglia & Tsang's: the base strip's edge and each layer's area.
@usableFromInline struct ZigguratTable {
    let x: [Double]
    let ratio: [Double]

    /// `x` and `ratio` side by side in memory that lives as long as the process.
    @usableFromInline struct Layout {
        @usableFromInline let x: UnsafePointer<Double>
        @usableFromInline let ratio: UnsafePointer<Double>

        init(_ table: ZigguratTable) {
            let memory = UnsafeMutablePointer<Double>.allocate(capacity: table.x.count + table.ratio.count)
            memory.initialize(from: table.x, count: table.x.count)
            (memory + table.x.count).initialize(from: table.ratio, count: table.ratio.count)
            x = UnsafePointer(memory)
            ratio = UnsafePointer(memory + table.x.count)
        }
    }

    init(layers n: Int, r: Double, area v: Double) {
        var x = [Double](repeating: 0, count: n + 1)
        var f = exp(-0.5 * r * r)
        x[0] = v / f
        x[1] = r
        for i in 2..<n {
            x[i] = (-2 * log(v / x[i - 1] + f)).squareRoot()
            f = exp(-0.5 * x[i] * x[i])
        }
        x[n] = 0
        self.x = x
        ratio = (0..<n).map { x[$0 + 1] / x[$0] }
    }
}
