import ArgumentParser
import Foundation
import Hibana
import HibanaMPI

/// `hibana run MODEL.yaml`: validate, build, simulate with a live progress line, write results.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Validate, build and simulate a model file; write spikes, traces, summary.json and report.html.",
        discussion: "Ctrl-C (SIGINT) or SIGTERM stops the simulation cleanly: everything recorded so far is written and "
            + "the summary says the run was interrupted. Exit status: 0 done, 1 invalid model, 2 too large for this "
            + "machine's memory (or the GPU's), 3 numerical instability, 4 backend unavailable (no GPU for --backend cuda), "
            + "130 interrupted. "
            + "Built with the trait MPI, `mpirun -np N hibana run …` splits the neurons over N ranks × --threads each; "
            + "every rank checks the model, rank 0 alone prints and writes the results.")

    /// Why a float run on the CPU is refused (and `validate` warns of a file that asks for one).
    static let floatOnCPU = "precision float is a GPU option (--backend cuda); the CPU backend computes in double"

    @Argument(help: "The model file (YAML); see docs/model-format.md and Examples/.")
    var model: String

    @Option(help: "Biological time to simulate, in ms (default: run.duration).")
    var duration: Double?

    @Option(help: "Master seed of all random streams (default: run.seed).")
    var seed: UInt64?

    @Option(help: "Worker threads (default: run.threads, else all cores).")
    var threads: Int?

    @Option(help: "Where to run: cpu or cuda (default: run.backend, else cpu).")
    var backend: Backend?

    @Option(help: "The GPU's neuron state and input type: double or float (default: run.precision, else double; cuda only).")
    var precision: Precision?

    @Option(help: "The GPU to run on, by its ordinal in `hibana gpus` (default: 0; cuda only).")
    var gpu: Int?

    @Option(help: "Output directory (default: run.output, else out/<model name>).")
    var out: String?

    @OptionGroup var overrides: ModelOverrides

    @Option(help: ArgumentHelp(
        "Continue from a checkpoint written by --save-state (same model, seed, threads and backend); --duration is the time added.",
        valueName: "FILE"))
    var loadState: String?

    @Option(help: ArgumentHelp(
        "At the end, write the whole state for --load-state: to FILE, or to state.hibana in a directory.", valueName: "FILE"))
    var saveState: String?

    @Option(help: ArgumentHelp("Start from the plastic weights a --save-weights run wrote.", valueName: "FILE"))
    var loadWeights: String?

    @Option(help: ArgumentHelp(
        "At the end, write the plastic weights (CSV: projection,source,target,delay_ms,weight) for --load-weights.",
        valueName: "FILE"))
    var saveWeights: String?

    @Flag(help: "Replace the results in an existing output directory.")
    var force = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Flag(help: "Print the run summary (summary.json) on standard output, and nothing else.")
    var json = false

    func validate() throws {
        if let gpu, gpu < 0 { throw ValidationError(GPUsCommand.ordinalRule) }
    }

    func run() throws {
        let communicator = WorldCommunicator.make()
        do {
            try run(communicator: communicator)
        } catch let exit as ExitCode {
            throw exit
        } catch {
            // Every rank fails together (see Communicator.agree); rank 0 alone says why.
            if communicator.isRoot { throw error }
            throw ExitCode.failure
        }
    }

    func run(communicator: any Communicator) throws {
        let root = communicator.isRoot
        let printError = { (line: String) in if root { hibana.printError(line) } }
        var all = overrides.values
        if let duration { all.append("run.duration=\(duration)") }
        if let seed { all.append("run.seed=\(seed)") }
        if let threads { all.append("run.threads=\(threads)") }
        // Every rank reads and checks the same file, so every rank refuses an invalid model.
        let checked = ModelFile.check(path: model, overrides: all, threads: threads)
        for problem in checked.problems { printError(problem.description) }
        if let refusal = checked.memoryRefusal { printError("\(model): \(refusal)") }
        if !checked.problems.isEmpty {
            printError("\(model): \(checked.problems.count) problem(s); nothing was built")
            throw ExitCode(1)
        }
        if checked.memoryRefusal != nil { throw ExitCode(2) }
        let loaded = checked.model
        let chosen = backend ?? loaded.run.backend
        let precision = self.precision ?? loaded.run.precision
        if chosen == .cpu && precision == .float {
            printError("\(model): \(Self.floatOnCPU)")
            throw ExitCode(1)
        }
        if chosen == .cpu, gpu != nil {
            printError("\(model): --gpu chooses the GPU of --backend cuda; this run's backend is cpu")
            throw ExitCode(1)
        }
        if chosen == .cuda && communicator.size > 1 {
            printError("\(model): --backend cuda runs on one GPU; run it without mpirun")
            throw ExitCode(1)
        }
        let stateOptions = [("--load-state", loadState), ("--save-state", saveState), ("--load-weights", loadWeights), ("--save-weights", saveWeights)]
        if communicator.size > 1, let (option, _) = stateOptions.first(where: { $0.1 != nil }) {
            // Each rank holds its own part of the state; one file per run is not written yet.
            printError("\(model): \(option) works in a single process only, not under mpirun")
            throw ExitCode(1)
        }
        // The GPU is checked before anything is built: unsupported parts first, then the device.
        var cuda: CUDABackend?
        if chosen == .cuda {
            let unsupported = GPUSupport.problems(loaded.spec)
            for problem in unsupported { printError("\(model): \(problem)") }
            if !unsupported.isEmpty {
                printError("\(model): \(unsupported.count) problem(s) with --backend cuda; nothing was built")
                throw ExitCode(1)
            }
            let device: CUDABackend
            do { device = try CUDABackend.open(gpu: gpu ?? 0) } catch {
                printError("\(model): \(error)")
                throw ExitCode(4)
            }
            let historyLength: Int
            do { historyLength = try CUDASimulation.historyLength(ProcessInfo.processInfo.environment["HIBANA_GPU_HISTORY"]) } catch {
                printError("\(model): \(error)")
                throw ExitCode(1)
            }
            let estimate = GPUMemoryEstimate(loaded.spec, precision: precision, historyLength: historyLength)
            if let refusal = try estimate.refusal(on: device) {
                printError("\(model): \(refusal)")
                throw ExitCode(2)
            }
            cuda = device
        }
        // Each status line is flushed at once, so a pipe (tee, a notebook) sees progress as it happens.
        let say = { (line: String) in
            if !quiet && !json && root {
                print(line)
                fflush(nil)  // all C streams; stdout is the one written
            }
        }
        let directory = out ?? loaded.run.output ?? "out/" + URL(fileURLWithPath: model).deletingPathExtension().lastPathComponent
        // Refuse an existing run directory before building anything (on every rank, so all stop).
        let writer = try communicator.agreeing { try RunWriter(path: directory, force: force) }
        say(ValidateCommand.summary(checked, model: model, output: directory, gpu: cuda == nil ? nil : precision))

        let threadCount = loaded.run.threads ?? defaultThreadCount()
        let interactive = standardErrorIsTerminal && !quiet && !json && root
        // The GPU builds the static projections it can generate in its own memory.
        let deferred = cuda == nil ? [] : GPUConstruction.projections(loaded.spec)
        let network = try NetworkBuilder.build(
            loaded.spec, threads: threadCount, communicator: communicator, deferring: deferred
        ) { fraction in
            if interactive { writeStandardError("\r\u{1B}[2K  building \(progressBar(fraction)) \(Int(fraction * 100)) %") }
        }
        if interactive { writeStandardError("\r\u{1B}[2K") }
        let ranks = communicator.size > 1 ? "\(communicator.size) ranks × " : ""
        let built = { (gpuPart: String) in
            say("built \(grouped(network.layout.neuronCount)) neurons and \(grouped(network.totalSynapseCount)) synapses "
                + "on \(ranks)\(threadCount) thread(s)\(gpuPart) in \(seconds(network.buildSeconds))")
        }

        let simulation: any SimulationResults
        let advance: (Double, @escaping (Double) -> Bool) throws -> Void
        if let cuda {
            let s = try CUDASimulation(network, backend: cuda, precision: precision)
            built(s.gpuBuiltSynapses > 0 ? " and the GPU (\(grouped(s.gpuBuiltSynapses)) synapses)" : "")
            do {
                if let loadState {
                    try s.loadState(from: URL(fileURLWithPath: loadState))
                    say("continuing from t = \(formatNumber(s.time)) ms (\(loadState))")
                }
                if let loadWeights {
                    try PlasticWeightsFile.load(into: s, from: URL(fileURLWithPath: loadWeights))
                    say("plastic weights from \(loadWeights)")
                }
            } catch {
                printError("\(model): \(error)")
                throw ExitCode(1)
            }
            say("on GPU \(cuda.context.ordinal) (\(cuda.context.name))\(precision == .float ? " in float" : ""): kernels \(s.kernelsCached ? "from cache" : "compiled") and network uploaded "
                + "in \(seconds(s.setupSeconds - s.gpuBuildSeconds)), \(format3(s.deviceBytesPerSynapse)) bytes per synapse")
            simulation = s
            advance = { try s.run($0, progress: $1) }
        } else {
            built("")
            let s = Simulation(network)
            do {
                if let loadState {
                    try s.loadState(from: URL(fileURLWithPath: loadState))
                    say("continuing from t = \(formatNumber(s.time)) ms (\(loadState))")
                }
                if let loadWeights {
                    try PlasticWeightsFile.load(into: s, from: URL(fileURLWithPath: loadWeights))
                    say("plastic weights from \(loadWeights)")
                }
            } catch {
                printError("\(model): \(error)")
                throw ExitCode(1)
            }
            simulation = s
            advance = { try s.run($0, progress: $1) }
        }
        // A checkpoint's time counts towards the last step a run may reach.
        let start = Int((simulation.startTime / simulation.resolution).rounded())
        if let problem = StepLimit.problem(start: start, duration: loaded.run.duration, resolution: simulation.resolution) {
            printError("\(model): \(problem)")
            throw ExitCode(1)
        }
        let stop = StopSignal()
        let line = ProgressLine(totalMs: loaded.run.duration, startTime: simulation.startTime, enabled: interactive)
        var failure: Error?
        do {
            try advance(loaded.run.duration) { time in
                line.update(time: time, spikes: simulation.spikeCount)
                return !stop.requested
            }
        } catch {
            failure = error
        }
        line.finish()
        // Under mpirun another rank may have been the one asked to stop.
        let stoppedElsewhere = !stop.requested && simulation.time + simulation.resolution / 2 < loaded.run.duration
        let interrupted = failure != nil || stop.requested || stoppedElsewhere
        let reason = failure.map { "\($0)" }
            ?? (stop.requested ? "stopped by \(stop.signalName)" : stoppedElsewhere ? "stopped by another rank" : nil)
        let files = try writer.write(
            simulation: simulation, requestedDuration: loaded.run.duration, interrupted: interrupted, reason: reason)
        // The state and weights where the run stopped (also on SIGINT: a cycle boundary), not after a blow-up.
        if failure == nil {
            if let saveState, let s = simulation as? any Checkpointable {
                say("state saved to \(try s.saveState(to: URL(fileURLWithPath: saveState)).path)")
            }
            if let saveWeights, let s = simulation as? any PlasticWeights {
                try PlasticWeightsFile.write(s, to: URL(fileURLWithPath: saveWeights))
                say("plastic weights saved to \(saveWeights)")
            }
        }
        if json && root {
            let summary = files.first { $0.lastPathComponent == "summary.json" }!
            print(try String(contentsOf: summary, encoding: .utf8))
        }
        if let failure {
            printError("\(model): \(failure)")
            printError("results up to t = \(formatNumber(simulation.time)) ms written to \(writer.directory.path)")
            throw ExitCode(3)
        }
        let reached = formatNumber(simulation.time)
        if stop.requested {
            say("interrupted by \(stop.signalName) at t = \(reached) ms of \(formatNumber(loaded.run.duration)) ms")
        } else {
            let factor = simulation.simulateSeconds / ((simulation.time - simulation.startTime) / 1000)
            say("simulated \(reached) ms in \(seconds(simulation.simulateSeconds)) (real-time factor \(format3(factor))), "
                + "\(grouped(simulation.spikeCount)) spikes")
        }
        say("results in \(writer.directory.path): " + files.map(\.lastPathComponent).joined(separator: ", "))
        if stop.requested { throw ExitCode(130) }
    }
}

func progressBar(_ fraction: Double, width: Int = 30) -> String {
    let filled = Int((fraction * Double(width)).rounded())
    return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
}

func seconds(_ s: Double) -> String { "\(format3(s)) s" }

/// Three decimals, locale-independent.
func format3(_ x: Double) -> String {
    let scaled = (x * 1000).rounded() / 1000
    return "\(scaled)"
}
