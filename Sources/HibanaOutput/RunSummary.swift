import HibanaDescription
import HibanaEngine

/// What `summary.json` holds: how the run went (interruption, wall times, memory), the size of
/// the network, and per population the statistics of the recorded neurons (see `SpikeStatistics`).
struct RunSummary {
    struct Population {
        var activity: PopulationActivity
        var statistics: SpikeStatistics
    }

    var interrupted: Bool
    var reason: String?
    var timeReached: Double
    var timeRequested: Double?
    var resolution: Double
    var seed: UInt64
    /// Threads per rank.
    var threads: Int
    var backend: Backend
    var precision: Precision
    /// The GPU of a cuda run ("0: NVIDIA H200 (compute 9.0, 139.8 GiB)").
    var gpu: String?
    var buildSeconds: Double
    var simulateSeconds: Double
    var communicateSeconds: Double
    /// Each rank's figures (one entry without MPI).
    var ranks: [RankFigures]
    var peakResidentBytes: Int?
    var neurons: Int
    var synapses: Int
    var synapseBytes: Int
    var minDelay: Double
    var maxDelay: Double
    var totalSpikes: Int
    var populations: [Population]
    var recorders: [JSONValue] = []
    var files: [String] = []

    /// Wall-clock seconds per biological second: below 1 is faster than real time.
    var realTimeFactor: Double? { timeReached > timeStarted ? simulateSeconds / ((timeReached - timeStarted) / 1000) : nil }
    /// 0, or the time of the checkpoint the run continued from: statistics cover what was simulated here.
    var timeStarted: Double

    init(
        simulation: any SimulationResults, ranks: [RankFigures], activities: [PopulationActivity], requestedDuration: Double?,
        interrupted: Bool, reason: String?
    ) {
        let network = simulation.network
        self.interrupted = interrupted
        self.reason = reason
        timeReached = simulation.time
        timeStarted = simulation.startTime
        timeRequested = requestedDuration
        resolution = simulation.resolution
        seed = network.spec.seed
        threads = network.shards.count
        (backend, precision, gpu) = simulation.computedOn
        // The network is ready when the slowest rank is.
        buildSeconds = ranks.map(\.buildSeconds).max() ?? network.buildSeconds
        simulateSeconds = simulation.simulateSeconds
        communicateSeconds = simulation.communicateSeconds
        self.ranks = ranks
        peakResidentBytes = PeakMemory.residentBytes()
        neurons = network.layout.neuronCount
        synapses = network.totalSynapseCount
        synapseBytes = network.totalSynapseBytes
        minDelay = Double(network.minDelay) * resolution
        maxDelay = Double(network.maxDelay) * resolution
        totalSpikes = simulation.spikeCount
        populations = activities.map {
            let start = simulation.startTime
            return Population(
                activity: $0,
                statistics: SpikeStatistics(trains: $0.trains.map { $0.map { $0 - start } }, duration: simulation.time - start))
        }
    }

    var recordedSpikes: Int { populations.reduce(0) { $0 + $1.statistics.spikes } }

    static let definitions: [(String, String)] = [
        ("real_time_factor", "simulate_s / (time_reached_ms / 1000): wall-clock seconds per biological second; below 1 is faster than real time"),
        ("peak_rss_bytes", "peak resident memory of the process (VmHWM of /proc/self/status) when the results were written; rank 0's with MPI"),
        ("build_s", "wall-clock seconds to build the network: the slowest rank's with MPI"),
        ("communicate_s", "seconds rank 0 spent in the spike exchange between ranks, waiting for slower ranks included; 0 on one rank"),
        ("ranks", "per MPI rank (one entry without MPI): its build, simulate and communicate seconds, peak resident memory, and the neurons and synapses it holds"),
        ("backend", "where the run computed: cpu (threads) or cuda (one GPU)"),
        ("gpu", "the GPU of a cuda run: its ordinal (--gpu), name, compute capability and memory; null on the CPU"),
        ("precision", "the floating-point type of the neuron state and inputs: double, or float (a GPU run with precision: float)"),
        ("spikes.total", "spikes emitted by all neurons, recorded or not"),
        ("spikes.recorded", "spikes of the neurons observed by spike recorders, each neuron counted once"),
        ("mean_rate_hz", "spikes of the recorded neurons / (recorded_neurons * time_reached_ms / 1000)"),
        ("cv_isi", "mean over the recorded neurons with at least 2 inter-spike intervals (cv_isi_neurons of them) of std(ISI) / mean(ISI), std with divisor n (ddof = 0); null if no such neuron"),
        ("fano_factor", "var / mean (divisor n) of the population spike count of the recorded neurons in bins [k*w, (k+1)*w), k = 0 .. floor(time_reached_ms / w) - 1, w = fano_bin_ms, bin index floor(t / w); 1 for independent Poisson neurons, larger for synchronous activity; null if fewer than 2 bins or no spikes"),
        ("recorded_ids", "NEST ids (1-based) of the recorded neurons as inclusive [first, last] runs"),
    ]

    var json: JSONValue {
        .object([
            ("format", .string("hibana-run-summary")),
            ("format_version", .int(1)),
            ("status", .object([
                ("interrupted", .bool(interrupted)),
                ("reason", reason.map { .string($0) } ?? .null),
                ("time_reached_ms", .number(timeReached)),
                ("time_requested_ms", .number(timeRequested)),
            ])),
            ("timing", .object([
                ("build_s", .number(buildSeconds)),
                ("simulate_s", .number(simulateSeconds)),
                ("communicate_s", .number(communicateSeconds)),
                ("real_time_factor", .number(realTimeFactor)),
            ])),
            ("memory", .object([
                ("peak_rss_bytes", peakResidentBytes.map { .int($0) } ?? .null),
                ("synapse_bytes", .int(synapseBytes)),
                ("bytes_per_synapse", .number(synapses > 0 ? Double(synapseBytes) / Double(synapses) : nil)),
            ])),
            ("network", .object([
                ("neurons", .int(neurons)),
                ("synapses", .int(synapses)),
                ("populations", .int(populations.count)),
                ("resolution_ms", .number(resolution)),
                ("min_delay_ms", .number(minDelay)),
                ("max_delay_ms", .number(maxDelay)),
                ("seed", seed <= UInt64(Int.max) ? .int(Int(seed)) : .string(String(seed))),
                ("ranks", .int(ranks.count)),
                ("threads", .int(threads)),
                ("backend", .string(backend.rawValue)),
                ("precision", .string(precision.rawValue)),
                ("gpu", gpu.map { .string($0) } ?? .null),
            ])),
            ("ranks", .array(ranks.map(\.json))),
            ("spikes", .object([("total", .int(totalSpikes)), ("recorded", .int(recordedSpikes))])),
            ("populations", .array(populations.map { p in
                let s = p.statistics
                return .object([
                    ("name", .string(p.activity.name)),
                    ("model", .string(p.activity.model)),
                    ("size", .int(p.activity.size)),
                    ("first_id", .int(p.activity.firstID)),
                    ("recorded_neurons", .int(s.neurons)),
                    ("recorded_ids", .array(inclusiveRuns(p.activity.recordedIDs).map { .array($0.map { .int($0) }) })),
                    ("spikes", .int(s.spikes)),
                    ("mean_rate_hz", .number(s.meanRate)),
                    ("cv_isi", .number(s.meanCV)),
                    ("cv_isi_neurons", .int(s.cvNeurons)),
                    ("fano_factor", .number(s.fanoFactor)),
                    ("fano_bin_ms", .number(s.binWidth)),
                ])
            })),
            ("recorders", .array(recorders)),
            ("files", .array(files.map { .string($0) })),
            ("definitions", .object(Self.definitions.map { ($0.0, .string($0.1)) })),
        ])
    }
}
