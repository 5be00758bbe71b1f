/// Where a value of a model came from: a line and column of the model file (from 1, columns
/// counted in Unicode scalars, as YAML parsers count), or a `--set PATH=VALUE` override.
public enum SourceLocation: Hashable, Sendable, Comparable {
    case file(line: Int, column: Int)
    /// The override as the user wrote it, without `--set`.
    case override(String)

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        switch (a, b) {
        case let (.file(l1, c1), .file(l2, c2)): return (l1, c1) < (l2, c2)
        case (.override, .file): return true
        case (.file, .override): return false
        case let (.override(x), .override(y)): return x < y
        }
    }
}

/// One thing wrong with a model: where (file position or override), which key, and why.
/// Printed as `FILE:LINE:COL: key.path: reason`, the form editors and terminals link to.
public struct ModelFileProblem: Error, Equatable, Sendable, CustomStringConvertible {
    /// The model file as given on the command line.
    public let file: String
    public let location: SourceLocation
    /// The key path in model-file terms: `run.resolution`, `populations.E.params.tau_m`,
    /// `projections[2].delay`, `recorders.vm.record_from`; `yaml` for syntax errors and `model`
    /// for the file as a whole.
    public let path: String
    public let reason: String

    public init(file: String, location: SourceLocation, path: String, reason: String) {
        self.file = file
        self.location = location
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch location {
        case let .file(line, column): return "\(file):\(line):\(column): \(path): \(reason)"
        case let .override(text): return "--set \(text): \(path): \(reason)"
        }
    }
}

/// A model that cannot be used, with every problem found, in file order.
public struct ModelFileError: Error, Sendable, CustomStringConvertible {
    public let problems: [ModelFileProblem]

    public init(problems: [ModelFileProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Why one value cannot be used: becomes a `ModelFileProblem`'s reason once located.
struct Reason: Error, Equatable {
    let text: String
    init(_ text: String) { self.text = text }
}
