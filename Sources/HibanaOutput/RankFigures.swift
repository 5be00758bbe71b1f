import HibanaCommunication
import HibanaEngine

/// One rank's share of a run, for summary.json: what it built and held, and where its time went.
struct RankFigures {
    var buildSeconds: Double
    var simulateSeconds: Double
    var communicateSeconds: Double
    var peakResidentBytes: Int?
    var neurons: Int
    var synapses: Int
    var synapseBytes: Int

    init(_ simulation: any SimulationResults) {
        let network = simulation.network
        buildSeconds = network.buildSeconds
        simulateSeconds = simulation.simulateSeconds
        communicateSeconds = simulation.communicateSeconds
        peakResidentBytes = PeakMemory.residentBytes()
        neurons = network.shards.reduce(0) { $0 + $1.neuronCount }
        synapses = network.synapseCount
        synapseBytes = network.synapseBytes
    }

    var values: [Double] {
        [buildSeconds, simulateSeconds, communicateSeconds, Double(peakResidentBytes ?? -1), Double(neurons),
         Double(synapses), Double(synapseBytes)]
    }

    init(values v: [Double]) {
        buildSeconds = v[0]
        simulateSeconds = v[1]
        communicateSeconds = v[2]
        peakResidentBytes = v[3] < 0 ? nil : Int(v[3])
        neurons = Int(v[4])
        synapses = Int(v[5])
        synapseBytes = Int(v[6])
    }

    /// Every rank's figures, in rank order, on rank 0 (empty elsewhere). A collective call.
    static func gather(_ simulation: any SimulationResults) -> [RankFigures] {
        let mine = RankFigures(simulation).values.map(\.bitPattern)
        let parts = simulation.network.communicator.gather(mine.withUnsafeBytes { Array($0) })
        return parts.map { bytes in
            RankFigures(values: bytes.withUnsafeBytes { raw in
                (0..<raw.count / 8).map { Double(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
            })
        }
    }

    var json: JSONValue {
        .object([
            ("build_s", .number(buildSeconds)),
            ("simulate_s", .number(simulateSeconds)),
            ("communicate_s", .number(communicateSeconds)),
            ("peak_rss_bytes", peakResidentBytes.map { .int($0) } ?? .null),
            ("neurons", .int(neurons)),
            ("synapses", .int(synapses)),
            ("synapse_bytes", .int(synapseBytes)),
        ])
    }
}
