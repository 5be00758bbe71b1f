/// Population statistics of recorded spike trains, as `summary.json` and the report state them.
///
/// For recorded neurons 1 … N of a population, simulated for T ms:
/// - **mean rate** (Hz) = (spikes of the N neurons) / (N · T / 1000); nil when N = 0 or T = 0.
/// - **CV of inter-spike intervals**: for each neuron with at least two ISIs (three spikes),
///   CV_i = std(ISI_i) / mean(ISI_i), the standard deviation with divisor n (NumPy's default,
///   `ddof = 0`); the population value is the mean of CV_i over those neurons (`cvNeurons` of them);
///   nil when no neuron has two ISIs. Regular firing gives 0, a Poisson process 1.
/// - **Fano factor** (synchrony): the population's spike count c_k in consecutive bins
///   [k·w, (k+1)·w), k = 0 … K−1, K = ⌊T / w⌋ (w = 5 ms; spikes after the last complete bin are
///   left out), bin index ⌊t / w⌋; F = var(c) / mean(c), variance with divisor K. Independent
///   Poisson neurons give 1, synchronous volleys much more, a constant count 0. nil when K < 2 or
///   no spike falls into the bins.
public struct SpikeStatistics: Equatable, Sendable {
    public var neurons: Int
    public var spikes: Int
    public var meanRate: Double?
    public var meanCV: Double?
    /// Neurons with at least two ISIs, over which the CV is averaged.
    public var cvNeurons: Int
    public var fanoFactor: Double?
    /// Bin width of the Fano factor, ms.
    public var binWidth: Double

    public static let defaultBinWidth = 5.0

    /// Statistics of `trains` (spike times in ms, sorted, one array per recorded neuron, empty
    /// for a silent one) over `duration` ms.
    public init(trains: [[Double]], duration: Double, binWidth: Double = defaultBinWidth) {
        neurons = trains.count
        spikes = trains.reduce(0) { $0 + $1.count }
        self.binWidth = binWidth
        meanRate = neurons > 0 && duration > 0 ? Double(spikes) / (Double(neurons) * duration / 1000) : nil
        let cvs = trains.compactMap(Self.cv(ofTrain:))
        cvNeurons = cvs.count
        meanCV = cvs.isEmpty ? nil : cvs.reduce(0, +) / Double(cvs.count)
        let counts = Self.binCounts(trains.joined(), binWidth: binWidth, duration: duration)
        fanoFactor = Self.fanoFactor(counts)
    }

    /// std/mean of the ISIs of one sorted train (divisor n); nil with fewer than two ISIs.
    public static func cv(ofTrain train: [Double]) -> Double? {
        guard train.count >= 3 else { return nil }
        let n = Double(train.count - 1)
        var sum = 0.0
        for i in 1..<train.count { sum += train[i] - train[i - 1] }
        let mean = sum / n
        guard mean > 0 else { return nil }
        var squares = 0.0
        for i in 1..<train.count {
            let d = train[i] - train[i - 1] - mean
            squares += d * d
        }
        return (squares / n).squareRoot() / mean
    }

    /// Spike counts in the bins [k·w, (k+1)·w), k = 0 ..< ⌊duration / w⌋.
    public static func binCounts<S: Sequence<Double>>(_ times: S, binWidth w: Double, duration: Double) -> [Int] {
        precondition(w > 0, "bin width must be positive")
        let bins = duration > 0 ? Int((duration / w).rounded(.down)) : 0
        var counts = [Int](repeating: 0, count: bins)
        for t in times where t >= 0 {
            let k = Int((t / w).rounded(.down))
            if k < bins { counts[k] += 1 }
        }
        return counts
    }

    /// var/mean of counts (divisor n); nil with fewer than two bins or a zero mean.
    public static func fanoFactor(_ counts: [Int]) -> Double? {
        guard counts.count >= 2 else { return nil }
        let n = Double(counts.count)
        let mean = Double(counts.reduce(0, +)) / n
        guard mean > 0 else { return nil }
        let variance = counts.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / n
        return variance / mean
    }
}
