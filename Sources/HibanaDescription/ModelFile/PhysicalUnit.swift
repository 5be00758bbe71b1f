/// A unit a model file may write after a number ("10 ms", "250 pF", "20 kHz", "-70 mV"), and the
/// conversion to the unit a key expects (NEST's: ms, mV, pA, nS, pF, Hz).
///
/// Each unit is a power of ten of an SI unit, and a conversion multiplies or divides by an exact
/// power of ten: the same unit converts to itself unchanged ("0.1 ms" is exactly 0.1), and
/// "1 s" is exactly 1000 ms.
struct PhysicalUnit: Sendable {
    enum Dimension: String, Sendable {
        case time, voltage, current, conductance, capacitance, frequency, resistance

        /// "a time", "an …" for messages.
        var withArticle: String { "a \(rawValue)" }
    }

    let symbol: String
    let dimension: Dimension
    /// The unit is 10^exponent SI units.
    let exponent: Int

    /// Every unit a model file may use, by symbol. "u", "µ" (micro sign) and "μ" (Greek mu) all mean micro.
    static let all: [String: PhysicalUnit] = {
        var table: [String: PhysicalUnit] = [:]
        func add(_ base: String, _ dimension: Dimension, prefixes: [(String, Int)]) {
            for (prefix, exponent) in prefixes {
                let symbol = prefix + base
                table[symbol] = PhysicalUnit(symbol: symbol, dimension: dimension, exponent: exponent)
            }
        }
        let micro = [("u", -6), ("µ", -6), ("μ", -6)]
        add("s", .time, prefixes: [("", 0), ("m", -3), ("n", -9)] + micro)
        add("V", .voltage, prefixes: [("", 0), ("m", -3)] + micro)
        add("A", .current, prefixes: [("", 0), ("m", -3), ("n", -9), ("p", -12), ("f", -15)] + micro)
        add("S", .conductance, prefixes: [("", 0), ("m", -3), ("n", -9), ("p", -12)] + micro)
        add("F", .capacitance, prefixes: [("", 0), ("m", -3), ("n", -9), ("p", -12), ("f", -15)] + micro)
        add("Hz", .frequency, prefixes: [("", 0), ("k", 3), ("M", 6), ("m", -3)])
        for base in ["Ohm", "Ω"] {
            add(base, .resistance, prefixes: [("", 0), ("k", 3), ("M", 6), ("G", 9)])
        }
        return table
    }()

    /// `value`, written in unit `given` (nil: a plain number), in the unit `expected` of `key`.
    /// `expected` nil means the key is unknown here (the validator reports it): the number passes
    /// as written. An empty `expected` means a plain number (a count, a probability, a flag).
    /// `written` is the value as the file gives it, for messages.
    static func convert(
        _ value: Double, from given: String?, to expected: String?, key: String, written: String
    ) -> Result<Double, Reason> {
        guard let given else { return .success(value) }
        guard let expected else { return .success(value) }
        guard let from = all[given] else {
            let hint = closestMatch(to: given, in: all.keys.sorted()).map { "; did you mean '\($0)'?" } ?? ""
            return .failure(Reason("unknown unit '\(given)'\(hint)"))
        }
        if expected.isEmpty {
            return .failure(Reason("\(key) is a plain number without a unit; got '\(written)', \(from.dimension.withArticle)"))
        }
        guard let to = all[expected] else {
            // A unit this table does not know (e.g. a compound one): only the same spelling passes.
            if given == expected { return .success(value) }
            return .failure(Reason("\(key) is in \(expected); got '\(written)'"))
        }
        guard from.dimension == to.dimension else {
            return .failure(Reason(
                "\(key) is \(to.dimension.withArticle) in \(expected); got '\(written)', which is \(from.dimension.withArticle) in \(given)"))
        }
        let shift = from.exponent - to.exponent
        var power = 1.0
        for _ in 0..<abs(shift) { power *= 10 }
        return .success(shift >= 0 ? value * power : value / power)
    }
}
