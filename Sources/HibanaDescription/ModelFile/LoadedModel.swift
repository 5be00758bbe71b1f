/// A model file read into a `NetworkSpec`, with the run settings that are not part of the
/// network and a map from key paths back to the file.
public struct LoadedModel: Sendable {
    /// The model file as given (for messages).
    public var file: String
    /// Populations, devices, projections and recorders in file order; values in NEST's units.
    public var spec: NetworkSpec
    public var run: RunSettings
    /// The `parameters` block, evaluated (overrides applied), in file order.
    public var parameters: [(name: String, value: Double)]
    public var sourceMap: SourceMap
}

/// The `run` block, besides `resolution` and `seed` (which are in `NetworkSpec`).
public struct RunSettings: Equatable, Sendable {
    /// Biological time to simulate, in ms.
    public var duration: Double = 1000
    /// Worker threads; nil means all cores.
    public var threads: Int?
    /// Where results go, as written (relative paths are relative to the working directory); nil: not given.
    public var output: String?
    /// Where the network runs.
    public var backend: Backend = .cpu
    /// The GPU's floating-point type (the CPU computes in double).
    public var precision: Precision = .double

    public init(
        duration: Double = 1000, threads: Int? = nil, output: String? = nil, backend: Backend = .cpu, precision: Precision = .double
    ) {
        self.duration = duration
        self.threads = threads
        self.output = output
        self.backend = backend
        self.precision = precision
    }
}

/// Key path → where the value was written. Paths follow `ValidationIssue`'s:
/// `populations.E.params.V_th`, `projections[2].delay.std`, `recorders.vm.record_from`.
/// Scalars are located at their value, mappings and lists at their key.
public struct SourceMap: Sendable {
    public let file: String
    var locations: [String: SourceLocation]

    init(file: String, locations: [String: SourceLocation]) {
        self.file = file
        self.locations = locations
    }

    /// Where `path` was written; a path that is not in the file (a default value) is located at
    /// its nearest written parent, and the file's start when nothing of it was written.
    public func location(of path: String) -> SourceLocation {
        var path = Substring(path)
        while !path.isEmpty {
            if let found = locations[String(path)] { return found }
            path = SourceMap.parent(of: path)
        }
        return .file(line: 1, column: 1)
    }

    /// A validator's issue placed in the file.
    public func problem(for issue: ValidationIssue) -> ModelFileProblem {
        ModelFileProblem(file: file, location: location(of: issue.path), path: issue.path, reason: issue.error.description)
    }

    /// `projections[2].delay.std` → `projections[2].delay` → `projections[2]` → `projections` → "".
    static func parent(of path: Substring) -> Substring {
        guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return "" }
        return path[..<cut]
    }
}
