internal import Yams

/// A model file as a tree of values with their locations: YAML's nodes, reduced to what a model
/// file uses (scalars, lists, mappings with name keys). Overrides edit this tree before it is
/// read, so a value from `--set` is checked exactly like one from the file.
struct ModelNode: Sendable {
    enum Content: Sendable {
        /// `~`, `null` or nothing: a key written without a value.
        case null
        case scalar(String)
        case sequence([ModelNode])
        case mapping([Entry])
    }

    struct Entry: Sendable {
        var key: String
        var keyLocation: SourceLocation
        var value: ModelNode
    }

    var content: Content
    var location: SourceLocation

    var isCollection: Bool {
        switch content {
        case .sequence, .mapping: return true
        case .null, .scalar: return false
        }
    }

    /// "a list", "a mapping", "'text'", "nothing": what was found, for messages.
    var shown: String {
        switch content {
        case .null: return "nothing"
        case let .scalar(s): return "'\(s.count > 40 ? String(s.prefix(40)) + "…" : s)'"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

extension ModelNode {
    /// Limits that keep a hostile or broken file from exhausting the stack or the memory. YAML's
    /// own parser refuses nesting deeper than 1000; aliases can still multiply the values.
    static let maximumDepth = 100
    static let maximumFileBytes = 64 << 20

    /// A file without aliases holds fewer values than half its bytes; aliases may repeat parts
    /// (one parameter block for several populations) but not multiply them a millionfold.
    static func maximumValues(bytes: Int) -> Int { Swift.max(100_000, 4 * bytes) }

    /// Parses YAML text. A syntax error stops parsing: it is the only problem reported.
    static func parse(_ text: String, file: String) -> Result<ModelNode?, ModelFileProblem> {
        if text.utf8.count > maximumFileBytes {
            return .failure(ModelFileProblem(
                file: file, location: .file(line: 1, column: 1), path: "model",
                reason: "the file is larger than \(maximumFileBytes >> 20) MiB"))
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(syntaxProblem(error, text: text, file: file))
        } catch {
            return .failure(ModelFileProblem(
                file: file, location: .file(line: 1, column: 1), path: "yaml", reason: "\(error)"))
        }
        guard let node else { return .success(nil) }
        var converter = Converter(file: file, maximumValues: maximumValues(bytes: text.utf8.count))
        let tree = converter.convert(node, depth: 0)
        if let problem = converter.problem { return .failure(problem) }
        return .success(tree)
    }

    /// Parses the value of an override (`18`, `200ms`, `[1, 2]`, `{distribution: …}`), every
    /// node located at the override.
    static func parseOverrideValue(_ text: String, override: String) -> Result<ModelNode, Reason> {
        let location = SourceLocation.override(override)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            return .failure(Reason("the value is not valid YAML (\(syntaxReason(error)))"))
        } catch {
            return .failure(Reason("the value is not valid YAML"))
        }
        guard let node else { return .success(ModelNode(content: .null, location: location)) }
        var converter = Converter(file: "", maximumValues: maximumValues(bytes: text.utf8.count), fixedLocation: location)
        let tree = converter.convert(node, depth: 0)
        if let problem = converter.problem { return .failure(Reason(problem.reason)) }
        return .success(tree)
    }

    private struct Converter {
        let file: String
        let maximumValues: Int
        var fixedLocation: SourceLocation?
        var values = 0
        var problem: ModelFileProblem?

        init(file: String, maximumValues: Int, fixedLocation: SourceLocation? = nil) {
            self.file = file
            self.maximumValues = maximumValues
            self.fixedLocation = fixedLocation
        }

        func location(_ mark: Mark?) -> SourceLocation {
            fixedLocation ?? .file(line: mark?.line ?? 1, column: mark?.column ?? 1)
        }

        mutating func fail(_ mark: Mark?, _ reason: String) -> ModelNode {
            if problem == nil {
                problem = ModelFileProblem(file: file, location: location(mark), path: "yaml", reason: reason)
            }
            return ModelNode(content: .null, location: location(mark))
        }

        mutating func convert(_ node: Node, depth: Int) -> ModelNode {
            values += 1
            if problem != nil { return ModelNode(content: .null, location: location(node.mark)) }
            if depth > ModelNode.maximumDepth {
                return fail(node.mark, "values are nested more than \(ModelNode.maximumDepth) levels deep")
            }
            if values > maximumValues {
                return fail(node.mark, "aliases expand the file to more than \(maximumValues) values")
            }
            switch node {
            case let .scalar(s):
                let isNull = s.style == .plain && ["", "~", "null", "Null", "NULL"].contains(s.string)
                return ModelNode(content: isNull ? .null : .scalar(s.string), location: location(s.mark))
            case let .sequence(seq):
                var items: [ModelNode] = []
                for item in seq {
                    items.append(convert(item, depth: depth + 1))
                    if problem != nil { break }
                }
                return ModelNode(content: .sequence(items), location: location(seq.mark))
            case let .mapping(map):
                var entries: [Entry] = []
                for (key, value) in map {
                    guard case let .scalar(k) = key else {
                        return fail(key.mark, "a key must be a name, not \(key.sequence != nil ? "a list" : "a mapping")")
                    }
                    entries.append(Entry(key: k.string, keyLocation: location(k.mark), value: convert(value, depth: depth + 1)))
                    if problem != nil { break }
                }
                return ModelNode(content: .mapping(entries), location: location(map.mark))
            case let .alias(alias):
                return fail(alias.mark, "an alias that was not resolved")
            }
        }
    }

    private static func syntaxProblem(_ error: YamlError, text: String, file: String) -> ModelFileProblem {
        var mark: (line: Int, column: Int)?
        switch error {
        case let .scanner(_, _, m, _), let .parser(_, _, m, _), let .composer(_, _, m, _): mark = (m.line, m.column)
        case let .duplicatedKeysInMapping(duplicates, context):
            mark = secondOccurrence(of: duplicates.first ?? "", after: (context.mark.line, context.mark.column), in: text)
        case let .reader(_, offset, _, _):
            if let offset {
                let prefix = text.prefix(offset)
                let line = prefix.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                let column = String(prefix.reversed().prefix { $0 != "\n" }).unicodeScalars.count + 1
                mark = (line, column)
            }
        default: break
        }
        return ModelFileProblem(
            file: file, location: .file(line: mark?.line ?? 1, column: mark?.column ?? 1), path: "yaml",
            reason: syntaxReason(error))
    }

    /// Yams locates a duplicated key at its first occurrence; the mistake is usually the second,
    /// at the same column of a later line (block style). Falls back to the first.
    private static func secondOccurrence(of key: String, after first: (Int, Int), in text: String) -> (Int, Int) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard first.0 >= 1, first.0 <= lines.count, !key.isEmpty else { return first }
        for index in first.0..<lines.count {
            let scalars = Array(lines[index].unicodeScalars)
            let start = first.1 - 1
            guard start < scalars.count else { continue }
            let rest = String(String.UnicodeScalarView(scalars[start...]))
            if rest.hasPrefix(key + ":") && scalars[..<start].allSatisfy({ $0 == " " || $0 == "-" }) {
                return (index + 1, first.1)
            }
        }
        return first
    }

    /// libyaml's problem text, without the snippet Yams appends.
    private static func syntaxReason(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _),
            let .composer(context, problem, _, _):
            let what = context.map { "\($0.text) at line \($0.mark.line), column \($0.mark.column): " } ?? ""
            return "\(what)\(problem)"
        case let .duplicatedKeysInMapping(duplicates, _):
            return "the key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping"
        case let .reader(problem, _, _, _):
            return "\(problem) (the file must be UTF-8 text)"
        default:
            return "\(error)"
        }
    }
}
