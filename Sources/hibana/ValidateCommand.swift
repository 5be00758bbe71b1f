import ArgumentParser
import Foundation
import Hibana

/// `hibana validate MODEL.yaml`: every problem of a model file at once, as
/// `FILE:LINE:COL: key.path: reason`; the network's size and memory estimate when it is valid.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a model file: list every problem at once, or print the network's size and memory estimate.",
        discussion: "Problems are printed to standard error as FILE:LINE:COL: key.path: reason "
            + "(an override's as --set PATH=VALUE: key.path: reason). Exit status: 0 valid, 1 problems found, "
            + "2 valid but too large for this machine's memory. The format is documented in docs/model-format.md.")

    @Argument(help: "The model file (YAML).")
    var model: String

    @OptionGroup var overrides: ModelOverrides

    @Option(help: "Threads to estimate the memory for (default: run.threads, else all cores).")
    var threads: Int?

    func run() throws {
        let checked = ModelFile.check(path: model, overrides: overrides.values, threads: threads)
        for problem in checked.problems { printError(problem.description) }
        // A network too large for memory is not handed to the validator (which draws every
        // neuron's parameters), so its other problems may show only once it is smaller.
        if let refusal = checked.memoryRefusal { printError("\(model): \(refusal)") }
        if !checked.problems.isEmpty {
            let count = checked.problems.count
            printError("\(model): \(count) problem\(count == 1 ? "" : "s"); nothing was built")
            throw ExitCode(1)
        }
        if checked.memoryRefusal != nil { throw ExitCode(2) }
        let run = checked.model.run
        // Valid, since --backend cuda takes it; `hibana run` without that refuses it.
        if run.backend == .cpu && run.precision == .float { printError("\(model): warning: \(RunCommand.floatOnCPU)") }
        print(Self.summary(checked, model: model, gpu: run.backend == .cuda ? run.precision : nil))
    }

    /// The network's size, run settings and memory estimate (and the GPU's, for a run on the GPU
    /// in `gpu` precision). `output` is where a run writes (its --out), if not the file's own `output`.
    static func summary(_ checked: ModelFileCheck, model: String, output: String? = nil, gpu: Precision? = nil) -> String {
        let spec = checked.model.spec
        let run = checked.model.run
        var lines = ["\(model): valid"]
        let populations = spec.populations.map { "\($0.name) (\($0.model), \(grouped($0.count)))" }
        lines.append("  neurons:     \(grouped(spec.neuronCount)) in \(spec.populations.count) population(s): \(populations.joined(separator: ", "))")
        if !spec.devices.isEmpty {
            lines.append("  devices:     \(spec.devices.map { "\($0.name) (\($0.model))" }.joined(separator: ", "))")
        }
        if let estimate = checked.estimate {
            var connections = "\(grouped(Int(estimate.synapses.rounded()))) synapses"
            if spec.projections.contains(where: { if case .pairwiseBernoulli = $0.rule { return true } else { return false } }) {
                connections = "about " + connections
            }
            if estimate.deviceConnections > 0 {
                connections += " and \(grouped(Int(estimate.deviceConnections.rounded()))) device connections"
            }
            lines.append("  connections: \(connections) in \(spec.projections.count) projection(s)")
        }
        if !spec.recorders.isEmpty {
            lines.append("  recorders:   \(spec.recorders.map { "\($0.name) (\($0.kind.modelName))" }.joined(separator: ", "))")
        }
        let threadText = run.threads.map { "\($0) thread(s)" } ?? "all cores"
        lines.append("  run:         \(formatNumber(run.duration)) ms at \(formatNumber(spec.resolution)) ms, seed \(spec.seed), \(threadText)"
            + ((output ?? run.output).map { ", output \($0)" } ?? ""))
        if let estimate = checked.estimate {
            let machine = checked.memoryLimit.map { "; this machine has \(MemoryEstimate.format($0))" } ?? ""
            lines.append("  memory:      \(estimate)\(machine)")
        }
        if let gpu, checked.estimate != nil {
            let estimate = GPUMemoryEstimate(spec, precision: gpu)
            lines.append("  GPU memory:  about \(MemoryEstimate.format(estimate.peakBytes)) in \(gpu.rawValue) (\(estimate))")
        }
        if !checked.model.parameters.isEmpty {
            lines.append("  parameters:  " + checked.model.parameters.map { "\($0.name) = \(formatNumber($0.value))" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

/// 12500 → "12,500".
func grouped(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return (n < 0 ? "-" : "") + out
}

func printError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
