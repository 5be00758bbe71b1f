import ArgumentParser
import Foundation
import HibanaBench

/// `hibana bench`: the engine's figures next to their yardsticks — neuron updates next to a C loop
/// of the same math, spike delivery next to the machine's memory bandwidth, and the connection
/// build rate. Prints figures; it never judges them (the issue's bars are in the README).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure neuron update cost (vs C), spike delivery (vs memory bandwidth) and network construction.")

    @Option(help: "Neurons per network for the delivery and construction figures.")
    var neurons = 20_000

    @Option(help: "Synapses per neuron (fixed_indegree) for the delivery and construction figures.")
    var indegree = 1000

    @Option(help: "Biological time per delivery run, ms.")
    var duration = 500.0

    @Option(help: "Thread counts to measure, comma-separated.")
    var threads = "1,2"

    @Option(help: "Parts to run, comma-separated: update, bandwidth, delivery, construction (default: all).")
    var only = "update,bandwidth,delivery,construction"

    @Flag(help: "Small sizes and one repetition: a check that every part runs, not a measurement.")
    var quick = false

    func validate() throws {
        let tokens = threads.split(separator: ",", omittingEmptySubsequences: false)
        guard threadCounts.count == tokens.count, threadCounts.allSatisfy({ $0 >= 1 }) else {
            throw ValidationError("--threads takes positive integers separated by commas, e.g. 1,2; got '\(threads)'")
        }
        guard neurons >= 2, indegree >= 1, indegree <= neurons else {
            throw ValidationError("--neurons must be at least 2 and --indegree between 1 and --neurons")
        }
        guard !parts.isEmpty, parts.isSubset(of: Self.allParts) else {
            throw ValidationError("--only takes some of \(Self.allParts.sorted().joined(separator: ", ")); got '\(only)'")
        }
        guard duration > 0 else { throw ValidationError("--duration must be positive (ms); got \(duration)") }
    }

    private var parts: Set<String> { Set(only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    private static let allParts: Set<String> = ["update", "bandwidth", "delivery", "construction"]

    private var threadCounts: [Int] { threads.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) } }

    func run() throws {
        print("Hibana bench on \(cpuName()), \(ProcessInfo.processInfo.activeProcessorCount) cores\(quick ? " (--quick: not a measurement)" : "")")
        if parts.contains("update") { try neuronUpdate() }
        let bandwidth = parts.contains("bandwidth") ? memoryBandwidth() : [:]
        if parts.contains("delivery") { try spikeDelivery(bandwidth: bandwidth) }
        if parts.contains("construction") { try construction() }
    }

    // Sizes: --quick shrinks everything to a check that each part runs.
    private var networkNeurons: Int { quick ? 1000 : neurons }
    private var networkIndegree: Int { quick ? min(indegree, 100) : indegree }
    private var repetitions: Int { quick ? 1 : 3 }

    private func neuronUpdate() throws {
        let count = quick ? 500 : 10_000
        print("\nNeuron update, ns per neuron-step (\(count) neurons, fluctuating input, median of \(quick ? 1 : 5)):")
        print(row("model", "Swift", "C -O3", "Swift/C", "rate Hz", "spikes Swift/C", "max |ΔV_m| mV"))
        for model in BenchNeuronModel.allCases {
            let steps = quick ? 100 : (model == .iafPscExp ? 20_000 : 1_000)
            let r = try NeuronUpdateBench.compare(model, neurons: count, steps: steps, repetitions: quick ? 1 : 5)
            print(row(
                model.rawValue, fixed(r.swiftNanoseconds, 2), fixed(r.cNanoseconds, 2), fixed(r.ratio, 2) + "×",
                fixed(r.rate, 1), "\(r.swiftSpikes)/\(r.cSpikes)", String(format: "%.1e", r.maxVoltageDifference)))
        }
    }

    private func memoryBandwidth() -> [Int: MemoryBandwidth] {
        let elements = quick ? 1 << 20 : 1 << 24
        print("\nMemory bandwidth (STREAM kernels in C, 3 arrays of \((elements * 8) >> 20) MiB):")
        print(row("threads", "copy GB/s", "triad GB/s"))
        var bandwidth: [Int: MemoryBandwidth] = [:]
        for t in threadCounts {
            let b = MemoryBandwidth.measure(threads: t, elements: elements, repetitions: quick ? 1 : 5)
            bandwidth[t] = b
            print(row("\(t)", fixed(b.copy / 1e9, 1), fixed(b.triad / 1e9, 1)))
        }
        return bandwidth
    }

    private func spikeDelivery(bandwidth: [Int: MemoryBandwidth]) throws {
        let duration = quick ? 50 : duration
        print("\nSpike delivery (iaf_psc_delta, \(networkNeurons) neurons, fixed_indegree \(networkIndegree), delay 1.5 ms, \(fmt(duration)) ms;")
        print("  cost = run − the same run with in-degree 1, median of \(repetitions)):")
        print(row("threads", "events/s", "ns/event", "bytes/syn", "syn GB/s", "of triad", "spikes", "run s", "base s"))
        for t in threadCounts {
            let d = try SpikeDeliveryBench.measure(
                neurons: networkNeurons, indegree: networkIndegree, threads: t, durationMs: duration, repetitions: repetitions)
            let share = bandwidth[t].map { fixed(100 * d.bytesPerSecond / $0.triad, 0) + " %" } ?? "-"
            print(row(
                "\(t)", String(format: "%.3g", d.eventsPerSecond), fixed(d.nanosecondsPerEvent, 2), fixed(d.bytesPerSynapse, 2),
                fixed(d.bytesPerSecond / 1e9, 2), share, "\(d.spikes)", fixed(d.runSeconds, 2), fixed(d.baselineSeconds, 2)))
        }
        print("  bytes moved per event: the synapse (target index + Float32 weight, runs amortised) read once;")
        print("  the event (target, weight: 8 bytes) is queued for its arrival step, written and read once")
        print("  sequentially, then added to that step's ring slot, which is thread-local and cache-resident.")
    }

    private func construction() throws {
        print("\nNetwork construction (fixed_indegree, \(networkNeurons) neurons × \(networkIndegree), sorted and ready to run, median of \(repetitions)):")
        print(row("threads", "weights/delays", "synapses", "seconds", "synapses/s"))
        for t in threadCounts {
            for random in [false, true] {
                let c = try ConstructionBench.measure(
                    neurons: networkNeurons, indegree: networkIndegree, threads: t, randomValues: random,
                    repetitions: repetitions)
                print(row("\(t)", c.values, "\(c.synapses)", fixed(c.buildSeconds, 3), String(format: "%.3g", c.synapsesPerSecond)))
            }
        }
    }

    private func row(_ cells: String...) -> String {
        "  " + cells.enumerated().map { $0.offset == 0 ? $0.element.padding(14) : $0.element.leftPadded(12) }.joined()
    }
    private func fixed(_ x: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", x) }
    private func fmt(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

    /// The processor's name from /proc/cpuinfo, or "this machine".
    private func cpuName() -> String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let name = line.split(separator: ":", maxSplits: 1).last
        else { return "this machine" }
        return name.trimmingCharacters(in: .whitespaces)
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? " " + self : String(repeating: " ", count: width - count) + self }
}
