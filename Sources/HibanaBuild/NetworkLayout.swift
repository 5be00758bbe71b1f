/// Where every neuron lives: global ids (0-based inside Hibana, NEST's 1-based ids outside) are
/// given population by population in order; each population is split into one contiguous block
/// per thread, so a thread owns a slice of every population. With MPI, `threads` counts the
/// threads of all ranks (rank r's thread t is block r × threads per rank + t): results depend on
/// neither the split nor its count.
public struct NetworkLayout: Sendable {
    public let populationSizes: [Int]
    /// Global id of each population's first neuron.
    public let populationOffsets: [Int]
    public let threads: Int

    public init(populationSizes: [Int], threads: Int) {
        precondition(threads >= 1)
        self.populationSizes = populationSizes
        self.threads = threads
        var offsets: [Int] = []
        var next = 0
        for n in populationSizes {
            offsets.append(next)
            next += n
        }
        populationOffsets = offsets
    }

    public var neuronCount: Int { populationSizes.reduce(0, +) }

    /// Indices within population `p` owned by `thread`.
    public func block(population p: Int, thread t: Int) -> Range<Int> {
        let n = populationSizes[p]
        return (n * t / threads)..<(n * (t + 1) / threads)
    }

    /// The thread that owns neuron `index` of population `p`, and its index within that thread's block.
    public func owner(population p: Int, index: Int) -> (thread: Int, local: Int) {
        let n = populationSizes[p]
        // Smallest t with n * (t + 1) / threads > index.
        var t = (index * threads) / Swift.max(n, 1)
        while n * (t + 1) / threads <= index { t += 1 }
        while t > 0 && n * t / threads > index { t -= 1 }
        return (t, index - n * t / threads)
    }
}
