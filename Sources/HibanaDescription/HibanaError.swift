/// Every user-facing error Hibana throws. Each case carries the fields a user needs to find and
/// fix the problem (model, key, value, allowed range), so messages never lose context.
public enum HibanaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter value outside what the model allows.
    case invalidParameter(model: String, key: String, value: String, allowed: String)
    /// A key the model does not have; `suggestion` is the closest valid key.
    case unknownParameter(model: String, key: String, suggestion: String?)
    /// A model name that is not in the catalogue.
    case unknownModel(name: String, suggestion: String?)
    /// A projection whose rule, weight or delay cannot be realised.
    case invalidProjection(projection: String, reason: String)
    /// Anything else wrong with the network description (names, references, run settings).
    case invalidNetwork(reason: String)
    /// A state variable became NaN or infinite: the run stopped, recordings so far are kept.
    case numericalInstability(population: String, neuron: Int, variable: String, value: Double, timeMs: Double)

    public var description: String {
        switch self {
        case let .invalidParameter(model, key, value, allowed):
            return "\(model): \(key) must be \(allowed) (got \(value))"
        case let .unknownParameter(model, key, suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "\(model): unknown parameter '\(key)'\(hint)"
        case let .unknownModel(name, suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? ""
            return "unknown model '\(name)'\(hint)"
        case let .invalidProjection(projection, reason):
            return "projection \(projection): \(reason)"
        case let .invalidNetwork(reason):
            return reason
        case let .numericalInstability(population, neuron, variable, value, timeMs):
            return "numerical instability: \(variable) = \(value) in population '\(population)', "
                + "neuron \(neuron), at t = \(timeMs) ms; the run stopped and the recordings so far are kept"
        }
    }
}

/// The candidate closest to `word` by edit distance, if it is close enough to be a plausible typo.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let lowered = Array(word.lowercased())
    let scored = candidates.map { ($0, distance(lowered, Array($0.lowercased()))) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= Swift.max(2, word.count / 3) ? best.0 : nil
}
