/// Numbers as text for files and plots, independent of any locale (a decimal comma in a data file
/// is a classic trap, GeNN #467).
enum NumberText {
    /// The shortest text that reads back as the same Double (Swift's `description`: "0.1",
    /// "1e-05", "nan", "inf"), which NumPy, Python's `float` and CSV readers parse.
    static func roundTrip(_ x: Double) -> String { x.description }

    /// `x` rounded to `decimals` places, written with exactly that many ("12.30", "-0.5"), for plots.
    static func fixed(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return x.description }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(x) * scale).rounded()
        guard scaled < 1e15 else { return x.description }
        let n = Int(scaled)
        let unit = Int(scale)
        let sign = x < 0 && n != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(n) }
        let fraction = String(n % unit)
        return sign + String(n / unit) + "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
