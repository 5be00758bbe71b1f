/// A `--set PATH=VALUE` override: the value replaces (or adds) the one at PATH in the model file
/// before the file is read, so it is checked like any other value. PATH is
/// - `NAME=VALUE`: an entry of the `parameters` block (`--set g=4.5`);
/// - `POPULATION.KEY=VALUE`: a parameter of a population or device (`--set E.V_th=18`,
///   `--set drive.rate=15kHz`), or its `size` or `model` (`--set E.size=800`);
/// - a full key path from the top (`--set run.duration=200ms`, `--set projections[1].delay=2ms`).
///
/// VALUE is YAML: `18`, `-55 mV`, `[1, 2, 3]`, `{distribution: uniform, min: 0, max: 20}`.
struct ModelOverride {
    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    /// As written, without `--set`.
    let text: String
    let components: [Component]
    let value: ModelNode

    var location: SourceLocation { .override(text) }

    /// Parses `text` against the model's names (to expand the short forms).
    static func parse(_ text: String, root: ModelNode?) -> Result<ModelOverride, Reason> {
        guard let equals = text.firstIndex(of: "=") else {
            return .failure(Reason("an override is written PATH=VALUE, such as E.V_th=-50 or run.duration=200ms"))
        }
        let path = String(text[..<equals]).trimmingSpaces
        let valueText = String(text[text.index(after: equals)...])
        guard let written = components(of: path) else {
            return .failure(Reason("'\(path)' is not a key path (names separated by '.', list positions as [0])"))
        }
        let value: ModelNode
        switch ModelNode.parseOverrideValue(valueText, override: text) {
        case let .success(v): value = v
        case let .failure(reason): return .failure(reason)
        }
        switch expand(written, root: root) {
        case let .success(full): return .success(ModelOverride(text: text, components: full, value: value))
        case let .failure(reason): return .failure(reason)
        }
    }

    /// `projections[2].weight` → key projections, index 2, key weight.
    static func components(of path: String) -> [Component]? {
        guard !path.isEmpty else { return nil }
        var result: [Component] = []
        for part in path.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = Substring(part)
            let name = rest.prefix { $0 != "[" }
            guard !name.isEmpty else { return nil }
            result.append(.key(String(name)))
            rest = rest.dropFirst(name.count)
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let i = Int(rest[rest.index(after: rest.startIndex)..<close]), i >= 0
                else { return nil }
                result.append(.index(i))
                rest = rest[rest.index(after: close)...]
            }
        }
        return result
    }

    /// The full path of a short form.
    static func expand(_ written: [Component], root: ModelNode?) -> Result<[Component], Reason> {
        guard case let .key(first) = written[0] else { return .failure(Reason("a path starts with a name")) }
        if ModelFileSchema.top.keys.contains(first) { return .success(written) }
        let parameters = root?.entry("parameters")?.keys ?? []
        let populations = root?.entry("populations")?.keys ?? []
        let devices = root?.entry("devices")?.keys ?? []
        if written.count == 1 {
            if parameters.contains(first) { return .success([.key("parameters")] + written) }
            let hint = closestMatch(to: first, in: parameters).map { "; did you mean '\($0)'?" } ?? ""
            return .failure(Reason("'\(first)' is not in the model's 'parameters' block\(hint)"))
        }
        for (section, names, ownKeys) in [
            ("populations", populations, ModelFileSchema.population.keys), ("devices", devices, ModelFileSchema.device.keys),
        ] where names.contains(first) {
            if case let .key(second) = written[1], ownKeys.contains(second) {
                return .success([.key(section)] + written)
            }
            return .success([.key(section), .key(first), .key("params")] + written.dropFirst())
        }
        let candidates = populations + devices + parameters + ModelFileSchema.top.keys
        let hint = closestMatch(to: first, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
        return .failure(Reason("'\(first)' is not a population, device, parameter or section of the model\(hint)"))
    }
}

extension ModelNode {
    /// The value of `key` when this is a mapping.
    func entry(_ key: String) -> ModelNode? {
        guard case let .mapping(entries) = content else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// The keys when this is a mapping.
    var keys: [String] {
        guard case let .mapping(entries) = content else { return [] }
        return entries.map(\.key)
    }

    /// Puts `value` at `path` below this node, creating mappings on the way; the reason when it cannot.
    mutating func set(_ path: ArraySlice<ModelOverride.Component>, to value: ModelNode, from location: SourceLocation) -> String? {
        guard let first = path.first else {
            self = value
            return nil
        }
        let rest = path.dropFirst()
        switch first {
        case let .key(key):
            if isNull { content = .mapping([]) }
            guard case var .mapping(entries) = content else {
                return "cannot set '\(key)' inside \(shown): it is not a mapping"
            }
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let problem = entries[i].value.set(rest, to: value, from: location) { return problem }
                if rest.isEmpty { entries[i].keyLocation = location }
                content = .mapping(entries)
                return nil
            }
            var child = ModelNode(content: .null, location: location)
            if let problem = child.set(rest, to: value, from: location) { return problem }
            entries.append(Entry(key: key, keyLocation: location, value: child))
            content = .mapping(entries)
            return nil
        case let .index(i):
            guard case var .sequence(items) = content else { return "cannot take item [\(i)] of \(shown): it is not a list" }
            guard items.indices.contains(i) else { return "the list has \(items.count) items; there is no item [\(i)]" }
            if let problem = items[i].set(rest, to: value, from: location) { return problem }
            content = .sequence(items)
            return nil
        }
    }
}
