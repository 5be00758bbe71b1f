/// Reads a `ModelNode` tree into a `NetworkSpec`, collecting every problem instead of stopping at
/// the first. A value that cannot be read is reported and replaced by a placeholder (population
/// size 1, source index -1 …), so indices stay aligned with the file and the rest is still read;
/// `ModelFileReading` later hides the validator's complaints about those placeholders.
struct ModelFileReader {
    let file: String
    let units: ModelUnits
    var problems: [ModelFileProblem] = []
    var locations: [String: SourceLocation] = [:]
    var spec = NetworkSpec()
    var run = RunSettings()

    /// The `parameters` block: definitions, and values once evaluated (nil: the definition is wrong).
    var knobOrder: [String] = []
    var knobNodes: [String: ModelNode] = [:]
    var knobValues: [String: Double?] = [:]

    var populationIndex: [String: Int] = [:]
    var deviceIndex: [String: Int] = [:]
    /// Populations and devices whose model or size could not be read: checks involving them are unreliable.
    var brokenNodes: Set<String> = []
    /// The populations and devices each projection (`projections[i]`) and recorder (`recorders.R`) names.
    var references: [String: [String]] = [:]

    init(file: String, units: ModelUnits) {
        self.file = file
        self.units = units
    }

    mutating func report(_ path: String, _ location: SourceLocation, _ reason: String) {
        problems.append(ModelFileProblem(file: file, location: location, path: path.isEmpty ? "model" : path, reason: reason))
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    // MARK: The file

    mutating func read(_ root: ModelNode?) {
        guard let root, case .mapping = root.content else {
            let found = root.map { "; got \($0.shown)" } ?? ""
            report("model", root?.location ?? .file(line: 1, column: 1),
                "a model file is a mapping with the keys \(ModelFileSchema.top.keys.joined(separator: ", "))\(found)")
            return
        }
        guard let top = fields(root, path: "", section: ModelFileSchema.top) else { return }
        if let node = top["run"] { readRun(node) }
        readParameters(top["parameters"])
        if let node = top["populations"] {
            readPopulations(node)
        } else {
            report("populations", root.location, "missing key 'populations': a model needs at least one population")
        }
        if let node = top["devices"] { readDevices(node) }
        if let node = top["projections"] { readProjections(node) }
        if let node = top["recorders"] { readRecorders(node) }
    }

    // MARK: run

    mutating func readRun(_ node: ModelNode) {
        guard let f = fields(node, path: "run", section: ModelFileSchema.run) else { return }
        if let n = f["resolution"], let h = number(n, "run.resolution", key: "resolution", unit: "ms") {
            spec.resolution = h
        }
        if let n = f["duration"], let t = number(n, "run.duration", key: "duration", unit: "ms") {
            if t > 0 && t.isFinite { run.duration = t } else {
                report("run.duration", n.location, "duration must be > 0 ms and finite (got \(formatNumber(t)) ms)")
            }
        }
        if let n = f["seed"], let seed = seed(n, "run.seed") { spec.seed = seed }
        if let n = f["threads"] { run.threads = integer(n, "run.threads", key: "threads", range: 1...4096) }
        if let n = f["output"] { run.output = text(n, "run.output", expected: "a folder name") }
        if let n = f["backend"], let name = text(n, "run.backend", expected: "cpu or cuda") {
            if let b = Backend(rawValue: name) { run.backend = b } else {
                report("run.backend", n.location, "backend must be cpu or cuda (got '\(name)')")
            }
        }
        if let n = f["precision"], let name = text(n, "run.precision", expected: "double or float") {
            if let p = Precision(rawValue: name) { run.precision = p } else {
                report("run.precision", n.location, "precision must be double or float (got '\(name)')")
            }
        }
        if let n = f["duration"], spec.resolution > 0, spec.resolution.isFinite,
           let problem = StepLimit.problem(duration: run.duration, resolution: spec.resolution) {
            report("run.duration", n.location, problem)
        }
    }

    // MARK: parameters

    mutating func readParameters(_ node: ModelNode?) {
        guard let node else { return }
        guard let entries = namedEntries(node, path: "parameters", what: "named numbers (g: 5)") else { return }
        for (name, keyLocation, value) in entries {
            let path = "parameters.\(name)"
            locations[path] = value.isCollection || value.isNull ? keyLocation : value.location
            if !ModelFileSchema.isValidParameterName(name) {
                report(path, keyLocation, "a parameter name is letters, digits and '_', starting with a letter or '_' (got '\(name)')")
                continue
            }
            knobOrder.append(name)
            knobNodes[name] = value
        }
        for name in knobOrder { _ = knob(name, chain: []) }
    }

    /// The value of parameter `name`, evaluated once; nil if its definition is wrong (reported there).
    mutating func knob(_ name: String, chain: [String]) -> Double? {
        if let done = knobValues[name] { return done }
        let path = "parameters.\(name)"
        guard let node = knobNodes[name] else { return nil }
        if chain.contains(name) {
            let cycle = (chain.drop { $0 != name } + [name]).joined(separator: " → ")
            report(path, node.location, "the parameters refer to each other in a circle: \(cycle)")
            knobValues[name] = .some(nil)
            return nil
        }
        if chain.count >= 100 {
            report(path, node.location, "the parameters refer to each other more than 100 levels deep")
            knobValues[name] = .some(nil)
            return nil
        }
        var value: Double?
        if let s = text(node, path, expected: "a number or an expression such as '2 * $g'") {
            do {
                let expression = try ValueExpression.parse(s)
                if let unit = expression.unit {
                    report(path, node.location,
                        "parameters are plain numbers; write the unit where the value is used ('$\(name) \(unit)'), not here")
                } else {
                    var known: [String: Double] = [:]
                    var ok = true
                    for reference in expression.references where known[reference] == nil {
                        if knobNodes[reference] == nil {
                            report(path, node.location, undefinedReason(reference))
                            ok = false
                        } else if let v = knob(reference, chain: chain + [name]) {
                            known[reference] = v
                        } else {
                            ok = false
                        }
                    }
                    if ok {
                        let v = expression.value { known[$0]! }
                        if v.isNaN { report(path, node.location, "the value is not a number (0/0 or ∞ − ∞)") } else { value = v }
                    }
                }
            } catch {
                report(path, node.location, error.text)
            }
        }
        if knobValues[name] == nil { knobValues[name] = .some(value) }
        return knobValues[name] ?? nil
    }

    func undefinedReason(_ name: String) -> String {
        let hint = closestMatch(to: name, in: knobOrder).map { "; did you mean '$\($0)'?" } ?? ""
        if knobOrder.isEmpty { return "'$\(name)' is not defined: the file has no 'parameters' block" }
        return "'$\(name)' is not defined in 'parameters'\(hint)"
    }

    // MARK: populations and devices

    mutating func readPopulations(_ node: ModelNode) {
        guard let entries = namedEntries(node, path: "populations", what: "populations by name (E: {model: …, size: …})")
        else { return }
        for (name, keyLocation, value) in entries {
            let path = "populations.\(name)"
            locations[path] = keyLocation
            checkName(name, path: path, at: keyLocation, what: "population")
            var model: String?
            var count: Int?
            var parameters: [String: ParameterValue] = [:]
            if let f = fields(value, path: path, section: ModelFileSchema.population) {
                if let n = f["model"] {
                    model = text(n, "\(path).model", expected: "a neuron model name such as iaf_psc_exp")
                } else {
                    report("\(path).model", keyLocation, "missing key 'model': the neuron model, such as iaf_psc_exp")
                }
                if let n = f["size"] {
                    count = integer(n, "\(path).size", key: "size", range: 1...ModelFileSchema.largestCount)
                } else {
                    report("\(path).size", keyLocation, "missing key 'size': the number of neurons")
                }
                if let n = f["params"] { parameters = readParameterValues(n, path: "\(path).params", model: model) }
            }
            if model == nil || count == nil { brokenNodes.insert(name) }
            if populationIndex[name] == nil { populationIndex[name] = spec.populations.count }
            spec.populations.append(PopulationSpec(name: name, model: model ?? "", count: count ?? 1, parameters: parameters))
        }
    }

    mutating func readDevices(_ node: ModelNode) {
        guard let entries = namedEntries(node, path: "devices", what: "devices by name (drive: {model: poisson_generator, …})")
        else { return }
        for (name, keyLocation, value) in entries {
            let path = "devices.\(name)"
            locations[path] = keyLocation
            checkName(name, path: path, at: keyLocation, what: "device")
            var model: String?
            var parameters: [String: ParameterValue] = [:]
            if let f = fields(value, path: path, section: ModelFileSchema.device) {
                if let n = f["model"] {
                    model = text(n, "\(path).model", expected: "a device model name such as poisson_generator")
                } else {
                    report("\(path).model", keyLocation, "missing key 'model': the device model, such as poisson_generator")
                }
                if let n = f["params"] { parameters = readParameterValues(n, path: "\(path).params", model: model) }
            }
            if model == nil { brokenNodes.insert(name) }
            if deviceIndex[name] == nil { deviceIndex[name] = spec.devices.count }
            spec.devices.append(DeviceSpec(name: name, model: model ?? "", parameters: parameters))
        }
    }

    mutating func checkName(_ name: String, path: String, at location: SourceLocation, what: String) {
        if !ModelFileSchema.isValidName(name) {
            report(path, location, "a \(what) name is letters, digits, '_' and '-', starting with a letter (got '\(name)')")
        }
    }

    /// `params`: NEST keys → values, each in the unit the model gives the key.
    mutating func readParameterValues(_ node: ModelNode, path: String, model: String?) -> [String: ParameterValue] {
        guard let entries = namedEntries(node, path: path, what: "model parameters by NEST name (V_th: -55 mV)") else { return [:] }
        var values: [String: ParameterValue] = [:]
        for (key, keyLocation, value) in entries {
            let keyPath = "\(path).\(key)"
            locations[keyPath] = value.isCollection || value.isNull ? keyLocation : value.location
            let unit = model.flatMap { units.parameter($0, key) }
            if let v = parameterValue(value, keyPath, key: key, unit: unit) { values[key] = v }
        }
        return values
    }

    // MARK: Which validator issues are echoes of problems reported here

    /// Whether a validator issue concerns a value this reader already reported or replaced by a
    /// placeholder (a population whose size could not be read is built with one neuron, say).
    func isEcho(_ issue: ValidationIssue) -> Bool {
        let reported = Set(problems.map { Self.group($0.path) })
        if reported.contains(Self.group(issue.path)) { return true }
        let entity = Self.entity(issue.path)
        if reported.contains(entity) { return true }
        let broken = brokenNodes
        for prefix in ["populations.", "devices."] where entity.hasPrefix(prefix) {
            if broken.contains(String(entity.dropFirst(prefix.count))) { return true }
        }
        if let named = references[entity], named.contains(where: broken.contains) { return true }
        return false
    }

    /// The part of a path whose values are checked together: `populations.E.params` (relations
    /// between parameters), `populations.E.size`, `projections[2]`, `recorders.vm`, `run.resolution`.
    static func group(_ path: String) -> String {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.first {
        case "populations", "devices": return parts.prefix(3).joined(separator: ".")
        case "recorders", "run", "parameters": return parts.prefix(2).joined(separator: ".")
        default: return parts.first.map(String.init) ?? path
        }
    }

    /// The population, device, projection or recorder a path belongs to.
    static func entity(_ path: String) -> String {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false)
        switch parts.first {
        case "populations", "devices", "recorders", "parameters": return parts.prefix(2).joined(separator: ".")
        default: return parts.first.map(String.init) ?? path
        }
    }
}
