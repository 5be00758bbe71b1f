#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HibanaDescription
import HibanaModels

extension ModelUnits {
    /// Units from the model catalogue: each parameter's `ParameterSpec.unit`. Weights follow NEST's
    /// convention for the target's synapses until neuron models declare their input's unit:
    /// conductance-based models (`*_cond_*`) take nS, delta synapses (`*_delta`, `izhikevich`) mV,
    /// the others pA; a current device's weight is a plain multiplier of its current.
    public static let catalog = ModelUnits(
        parameter: { model, key in
            if let neuron = try? ModelCatalog.neuron(named: model) {
                return neuron.parameters.first { $0.key == key }?.unit
            }
            if let device = try? ModelCatalog.device(named: model) {
                return device.parameters.first { $0.key == key }?.unit
            }
            if let rule = try? SynapseCatalog.rule(named: model) {
                return rule.parameters.first { $0.key == key }?.unit
            }
            return nil
        },
        weight: { source, target in
            if let device = try? ModelCatalog.device(named: source), device.output == .current { return "" }
            guard (try? ModelCatalog.neuron(named: source)) != nil || (try? ModelCatalog.device(named: source)) != nil,
                let neuron = try? ModelCatalog.neuron(named: target)
            else { return nil }
            if neuron.name.contains("_cond_") { return "nS" }
            if neuron.name.hasSuffix("_delta") || neuron.name.hasPrefix("izhikevich") { return "mV" }
            return "pA"
        })
}

/// A model file read with the catalogue's units, validated, and its memory estimated.
public struct ModelFileCheck: Sendable {
    public let reading: ModelFileReading
    /// Every problem, from reading and from `NetworkValidator`, in file order.
    public let problems: [ModelFileProblem]
    /// nil when the file could not be parsed.
    public let estimate: MemoryEstimate?
    /// The memory the network may take (physical memory); nil when unknown.
    public let memoryLimit: Double?

    public var model: LoadedModel { reading.model }

    /// Whether the network fits in `memoryLimit` (true when either is unknown).
    public var fitsInMemory: Bool {
        guard let estimate, let memoryLimit else { return true }
        return estimate.peakBytes <= memoryLimit
    }

    /// Whether the model can be built: no problem and enough memory.
    public var isValid: Bool { problems.isEmpty && fitsInMemory }

    /// Why the network is refused for its size, with the estimate; nil when it fits.
    public var memoryRefusal: String? {
        guard let estimate, let memoryLimit, !fitsInMemory else { return nil }
        return "the network would need \(estimate), more than this machine's "
            + "\(MemoryEstimate.format(memoryLimit)) of memory; refused before building"
    }
}

extension ModelFile {
    /// Reads the model file at `path` with `overrides` (`E.V_th=18`), validates it, and estimates its
    /// memory for `threads` threads (nil: the file's `run.threads`, else all cores). A network whose
    /// estimate exceeds `memoryLimit` is not passed to the validator, which draws every neuron's
    /// parameters and would itself need that memory.
    public static func check(
        path: String, overrides: [String] = [], threads: Int? = nil,
        memoryLimit: Double? = MemoryEstimate.physicalMemoryBytes()
    ) -> ModelFileCheck {
        check(read(path: path, overrides: overrides, units: .catalog), threads: threads, memoryLimit: memoryLimit)
    }

    /// `check` for model text; `file` names it in messages.
    public static func check(
        text: String, file: String, overrides: [String] = [], threads: Int? = nil,
        memoryLimit: Double? = MemoryEstimate.physicalMemoryBytes()
    ) -> ModelFileCheck {
        check(read(text: text, file: file, overrides: overrides, units: .catalog), threads: threads, memoryLimit: memoryLimit)
    }

    static func check(_ reading: ModelFileReading, threads: Int?, memoryLimit: Double?) -> ModelFileCheck {
        guard reading.parsed else {
            return ModelFileCheck(reading: reading, problems: reading.problems, estimate: nil, memoryLimit: memoryLimit)
        }
        let cores = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        let estimate = MemoryEstimate(reading.model.spec, threads: threads ?? reading.model.run.threads ?? cores)
        let fits = memoryLimit.map { estimate.peakBytes <= $0 } ?? true
        let issues = fits ? NetworkValidator.problems(reading.model.spec) : []
        return ModelFileCheck(
            reading: reading, problems: reading.allProblems(validatorIssues: issues), estimate: estimate,
            memoryLimit: memoryLimit)
    }

    /// Loads a model file ready to build: read with the catalogue's units, validated, and checked
    /// to fit in this machine's memory. Throws every problem at once.
    public static func load(path: String, overrides: [String] = []) throws(ModelFileError) -> LoadedModel {
        let checked = check(path: path, overrides: overrides)
        try checked.throwIfInvalid()
        return checked.model
    }

    /// Every problem of the model file at `path`, each as `FILE:LINE:COL: key.path: reason`.
    public static func problems(path: String, overrides: [String] = []) -> [ModelFileProblem] {
        let checked = check(path: path, overrides: overrides)
        return checked.problems + checked.memoryProblems
    }
}

extension ModelFileCheck {
    /// The memory refusal as a problem of the whole model.
    var memoryProblems: [ModelFileProblem] {
        memoryRefusal.map { [ModelFileProblem(file: model.file, location: .file(line: 1, column: 1), path: "model", reason: $0)] } ?? []
    }

    /// Throws `ModelFileError` with every problem, the memory refusal included.
    public func throwIfInvalid() throws(ModelFileError) {
        let all = problems + memoryProblems
        if !all.isEmpty { throw ModelFileError(problems: all) }
    }
}
