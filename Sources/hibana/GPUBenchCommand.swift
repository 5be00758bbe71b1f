import ArgumentParser
import Foundation
import Hibana

/// `hibana bench-gpu MODEL.yaml`: a model file (the full-scale microcircuit for the issue's
/// figures) built (its static projections on the GPU unless `--host-construction`) and run on the
/// GPU, with the construction, setup and per-step times split into neuron update, spike delivery
/// and overhead.
struct GPUBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-gpu", abstract: "Run a model file on the GPU and print construction and per-step timings.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @OptionGroup var overrides: ModelOverrides

    @Option(help: "Biological time to simulate, in ms (default: run.duration).")
    var duration: Double?

    @Option(help: "Host threads for construction (default: all cores).")
    var threads: Int?

    @Option(help: "Biological time of the profiled run (synchronised after every phase), ms.")
    var profileDuration = 100.0

    @Option(help: "The GPU's neuron state and input type: double or float (default: run.precision, else double).")
    var precision: Precision?

    @Option(help: "The GPU to run on, by its ordinal in `hibana gpus`.")
    var gpu = 0

    @Flag(help: "Build every synapse on the host and upload it (default: the GPU builds the static projections it can).")
    var hostConstruction = false

    @Option(help: "Warm-up before the measured run, ms (first launches and JIT are not measured).")
    var warmup = 10.0

    @Option(help: "Bytes of each array the bandwidth is measured with (a copy kernel), far above the GPU's caches.")
    var bandwidthBytes = 1 << 29

    /// The full-scale Potjans–Diesmann microcircuit's neurons (its thalamic parrots aside), and the
    /// real-time factors published for it on one GPU that issue 7 quotes, with its bar.
    static let fullMicrocircuitNeurons = 77_169
    static let published: [(simulator: String, rtf: Double, gpu: String?)] = [("GeNN", 0.272, "RTX 4090"), ("NEST GPU", 0.386, nil)]
    static let bar = 0.1

    func validate() throws {
        if gpu < 0 { throw ValidationError(GPUsCommand.ordinalRule) }
    }

    func run() throws {
        let checked = ModelFile.check(path: model, overrides: overrides.values, threads: threads)
        for problem in checked.problems { printError(problem.description) }
        guard checked.problems.isEmpty else { throw ExitCode(1) }
        let unsupported = GPUSupport.problems(checked.model.spec)
        for problem in unsupported { printError("\(model): \(problem)") }
        guard unsupported.isEmpty else { throw ExitCode(1) }
        let device: CUDABackend
        do { device = try CUDABackend.open(gpu: gpu) } catch {
            printError("\(model): \(error)")
            throw ExitCode(4)
        }
        let threadCount = threads ?? defaultThreadCount()
        let spec = checked.model.spec
        let precision = self.precision ?? checked.model.run.precision
        if let refusal = try GPUMemoryEstimate(spec, precision: precision).refusal(on: device) {
            printError("\(model): \(refusal)")
            throw ExitCode(2)
        }
        let network = try NetworkBuilder.build(
            spec, threads: threadCount, deferring: hostConstruction ? [] : GPUConstruction.projections(spec))
        let hostSeconds = network.buildSeconds
        let simulation = try CUDASimulation(network, backend: device, precision: precision)
        try simulation.run(warmup)
        // The measured run as `hibana run` does it: batches of cycles enqueued without waiting.
        let (total0, time0, graphs0) = (simulation.simulateSeconds, simulation.time, simulation.graphLaunches)
        try simulation.run(duration ?? checked.model.run.duration)
        let simulated = simulation.time - time0
        let total = simulation.simulateSeconds - total0
        // Then a shorter run synchronised after every phase, for the split.
        simulation.profile = true
        let (profiled0, time1) = (simulation.simulateSeconds, simulation.time)
        try simulation.run(Swift.min(simulated, profileDuration))
        let steps = (simulation.time - time1) / simulation.resolution
        let profiled = simulation.simulateSeconds - profiled0
        let update = simulation.updateSeconds, delivery = simulation.deliverySeconds
        let perStep = { (s: Double) in "\(format3(s / steps * 1e6)) µs" }
        let memory = try device.context.memoryInfo()
        // The floor: the bytes a step moves (`GPUTraffic`) at the bandwidth a copy kernel reaches.
        guard let traffic = simulation.traffic else { throw ValidationError("--duration must be positive: nothing was simulated") }
        let bandwidth = try GPUBandwidth.measure(device, bytes: bandwidthBytes)
        let floor = traffic.total / bandwidth
        let measured = total / (simulated / simulation.resolution)
        let megabytes = { (b: Double) in b < 1e5 ? "\(format3(b / 1e3)) kB" : "\(format3(b / 1e6)) MB" }
        let rtf = total / (simulated / 1000)
        var rows: [(String, String)] = [
            ("GPU", "\(device.context.ordinal): \(device.context.name)"),
            ("precision", simulation.precision.rawValue),
            ("neurons", grouped(network.layout.neuronCount)),
            ("synapses", "\(grouped(network.totalSynapseCount)) (\(grouped(simulation.gpuBuiltSynapses)) built on the GPU)"),
            ("construction: host, \(threadCount) threads", seconds(hostSeconds)),
            ("construction: GPU", seconds(simulation.gpuBuildSeconds)),
            ("construction: total", seconds(network.buildSeconds)),
            ("GPU setup (kernels \(simulation.kernelsCached ? "cached" : "compiled"), upload)",
             seconds(simulation.setupSeconds - simulation.gpuBuildSeconds)),
            ("GPU bytes per synapse", format3(simulation.deviceBytesPerSynapse)),
            ("GPU memory in use", "\(grouped((memory.total - memory.free) >> 20)) MiB"),
            ("simulated", "\(formatNumber(simulated)) ms in \(seconds(total)) (batches of \(simulation.batchCycles) cycles)"),
            ("launches", simulation.graphLaunches > graphs0 ? "\(grouped(simulation.graphLaunches - graphs0)) batches as CUDA graphs"
                : "kernel by kernel" + (simulation.graphProblem.map { " (no graph: \($0))" } ?? "")),
            ("real-time factor", format3(rtf)),
            ("per step", "\(format3(total / (simulated / simulation.resolution) * 1e6)) µs"),
            ("profiled, synchronised per phase", "\(formatNumber(steps * simulation.resolution)) ms, \(perStep(profiled)) per step"),
            ("  neuron update", perStep(update)),
            ("  spike delivery", perStep(delivery)),
            ("  overhead (launches, readback)", perStep(profiled - update - delivery)),
            ("spikes", grouped(simulation.spikeCount)),
            ("memory traffic per step", "\(megabytes(traffic.total)) (update \(megabytes(traffic.update)), "
                + "delivery \(megabytes(traffic.delivery)) for \(grouped(Int((Double(simulation.deliveredSynapses) / (simulation.time / simulation.resolution)).rounded()))) synapses)"),
            ("bandwidth (copy, 2 × \(formatNumber(Double(bandwidthBytes) / 1_048_576)) MiB)", "\(format3(bandwidth / 1e9)) GB/s"),
            ("floor: traffic / bandwidth", "\(format3(floor * 1e6)) µs per step, real-time factor \(format3(floor / (simulation.resolution / 1000)))"),
            ("measured / floor", format3(measured / floor)),
        ]
        let modelNeurons = spec.populations.filter { $0.model != "parrot_neuron" }.reduce(0) { $0 + $1.count }
        if modelNeurons == Self.fullMicrocircuitNeurons {
            let ratios = Self.published.map { "\(format3($0.rtf / rtf)) × \($0.simulator)'s speed" }.joined(separator: ", ")
            rows += [
                ("full microcircuit, published", Self.published.map { "\($0.simulator) \(format3($0.rtf))" + ($0.gpu.map { " (\($0))" } ?? "") }
                    .joined(separator: ", ") + " (issue 7's figures); the bar \(format3(Self.bar))"),
                ("  this run", "\(ratios); \(rtf <= Self.bar ? "meets" : "misses") the bar"),
            ]
        }
        let width = rows.map(\.0.count).max()!
        for (key, value) in rows { print(key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value) }
    }
}
