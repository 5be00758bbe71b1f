import Foundation

/// Model files: a network written in YAML, with NEST's model, parameter and rule names and
/// values in NEST's units or with explicit units ("10 ms", "250 pF"). `docs/model-format.md`
/// documents the format.
///
///     let reading = ModelFile.read(path: "brunel.yaml", overrides: ["g=4.5"], units: .catalog)
///     let problems = reading.allProblems(validatorIssues: NetworkValidator.problems(reading.model.spec))
///
/// The build layer adds `ModelFile.load(path:overrides:)` and `ModelFile.check`, which supply the
/// model catalogue's units and the network validator.
public enum ModelFile {
    /// Reads the file at `path`, applies `overrides` (`--set` arguments, `PATH=VALUE`) and
    /// converts every value to NEST's units. Never throws: the result holds the model as far as
    /// it could be read and every problem found.
    public static func read(path: String, overrides: [String] = [], units: ModelUnits) -> ModelFileReading {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "the file cannot be read" : "no such file"
            let problem = ModelFileProblem(file: path, location: .file(line: 1, column: 1), path: "model", reason: reason)
            return ModelFileReading(model: empty(path), problems: [problem], reader: nil)
        }
        return read(text: String(decoding: data, as: UTF8.self), file: path, overrides: overrides, units: units)
    }

    /// Reads model text; `file` names it in messages.
    public static func read(text: String, file: String, overrides: [String] = [], units: ModelUnits) -> ModelFileReading {
        var root: ModelNode?
        switch ModelNode.parse(text, file: file) {
        case let .success(node): root = node
        case let .failure(problem): return ModelFileReading(model: empty(file), problems: [problem], reader: nil)
        }
        var overrideProblems: [ModelFileProblem] = []
        for text in overrides {
            switch ModelOverride.parse(text, root: root) {
            case let .success(o):
                var node = root ?? ModelNode(content: .null, location: .file(line: 1, column: 1))
                if let reason = node.set(o.components[...], to: o.value, from: o.location) {
                    overrideProblems.append(ModelFileProblem(file: file, location: o.location, path: o.pathText, reason: reason))
                } else {
                    root = node
                }
            case let .failure(reason):
                let written = String(text.prefix { $0 != "=" }).trimmingSpaces
                let path = written.isEmpty ? "model" : written
                overrideProblems.append(ModelFileProblem(file: file, location: .override(text), path: path, reason: reason.text))
            }
        }
        var reader = ModelFileReader(file: file, units: units)
        reader.read(root)
        let model = LoadedModel(
            file: file, spec: reader.spec, run: reader.run,
            parameters: reader.knobOrder.compactMap { name in reader.knobValues[name].flatMap { $0 }.map { (name, $0) } },
            sourceMap: SourceMap(file: file, locations: reader.locations))
        return ModelFileReading(model: model, problems: sorted(overrideProblems + reader.problems), reader: reader)
    }

    static func empty(_ file: String) -> LoadedModel {
        LoadedModel(file: file, spec: NetworkSpec(), run: RunSettings(), parameters: [], sourceMap: SourceMap(file: file, locations: [:]))
    }

    /// Problems in the order of the file (overrides first), stably.
    static func sorted(_ problems: [ModelFileProblem]) -> [ModelFileProblem] {
        problems.enumerated().sorted { a, b in
            a.element.location == b.element.location ? a.offset < b.offset : a.element.location < b.element.location
        }.map(\.element)
    }
}

/// A model file as far as it could be read, with the problems found while reading: syntax,
/// unknown or missing keys, wrong types, units and ranges, undefined names.
public struct ModelFileReading: Sendable {
    /// The model; where a value was wrong it holds a placeholder, so check `problems` first.
    public let model: LoadedModel
    public let problems: [ModelFileProblem]
    let reader: ModelFileReader?

    /// Whether the file parsed as YAML (otherwise `model` is empty and `problems` holds the syntax error).
    public var parsed: Bool { reader != nil }

    /// These problems and the validator's `issues` about `model.spec` (from
    /// `NetworkValidator.problems`), each placed in the file, in file order. Issues that only
    /// echo a problem reported while reading (or concern a placeholder) are left out.
    public func allProblems(validatorIssues issues: [ValidationIssue]) -> [ModelFileProblem] {
        guard let reader else { return problems }
        let semantic = issues.filter { !reader.isEcho($0) }.map { model.sourceMap.problem(for: $0) }
        return ModelFile.sorted(problems + semantic)
    }
}

extension ModelOverride {
    /// The full key path, for messages: `populations.E.params.V_th`, `projections[1].delay`.
    var pathText: String {
        components.reduce("") { path, c in
            switch c {
            case let .key(k): return path.isEmpty ? k : "\(path).\(k)"
            case let .index(i): return "\(path)[\(i)]"
            }
        }
    }
}
