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
                report("run.duration", n.location, "duration must be > 0 ms and finite (got \(shortNumber(t)) ms)")
            }
        }
        if let n = f["seed"], let seed = seed(n, "run.seed") { spec.seed = seed }
        if let n = f["threads"] { run.threads = integer(n, "run.threads", key: "threads", range: 1...4096) }
        if let n = f["output"] { run.output = text(n, "run.output", expected: "a folder name") }
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

    // MARK: projections

    mutating func readProjections(_ node: ModelNode) {
        guard case let .sequence(items) = node.content else {
            report("projections", node.location, "expected a list of projections (- {source: E, target: I, …}); got \(node.shown)")
            return
        }
        for (i, item) in items.enumerated() {
            spec.projections.append(readProjection(item, path: "projections[\(i)]"))
        }
    }

    mutating func readProjection(_ node: ModelNode, path: String) -> ProjectionSpec {
        locations[path] = node.location
        var projection = ProjectionSpec(source: .population(-1), target: -1, rule: .allToAll, weight: .constant(1), delay: .constant(1))
        guard let f = fields(node, path: path, section: ModelFileSchema.projection) else { return projection }
        var sourceModel: String?, targetModel: String?
        var named: [String] = []
        if let n = f["source"] {
            if let name = text(n, "\(path).source", expected: "a population or device name") {
                named.append(name)
                if let p = populationIndex[name] {
                    projection.source = .population(p)
                    sourceModel = spec.populations[p].model
                } else if let d = deviceIndex[name] {
                    projection.source = .device(d)
                    sourceModel = spec.devices[d].model
                } else {
                    report("\(path).source", n.location, undefinedNodeReason(name, kinds: "population or device"))
                }
            }
        } else {
            report("\(path).source", node.location, "missing key 'source': the population or device the connections come from")
        }
        if let n = f["target"] {
            if let name = text(n, "\(path).target", expected: "a population name") {
                named.append(name)
                if let p = populationIndex[name] {
                    projection.target = p
                    targetModel = spec.populations[p].model
                } else if deviceIndex[name] != nil {
                    report("\(path).target", n.location,
                        "'\(name)' is a device; a projection's target is a population (recorders observe populations)")
                } else {
                    report("\(path).target", n.location, undefinedNodeReason(name, kinds: "population"))
                }
            }
        } else {
            report("\(path).target", node.location, "missing key 'target': the population the connections go to")
        }
        references[path] = named
        readRule(f, node: node, path: path, into: &projection)
        if let n = f["allow_autapses"], let b = boolean(n, "\(path).allow_autapses", key: "allow_autapses") {
            projection.allowAutapses = b
        }
        if let n = f["allow_multapses"], let b = boolean(n, "\(path).allow_multapses", key: "allow_multapses") {
            projection.allowMultapses = b
        }
        if let n = f["synapse"], let s = text(n, "\(path).synapse", expected: "a synapse model name such as static_synapse") {
            projection.synapseModel = s
        }
        let weightUnit: String? = sourceModel.flatMap { s in targetModel.flatMap { t in units.weight(s, t) } }
        if let n = f["weight"], let w = distributionOrConstant(n, "\(path).weight", key: "weight", unit: weightUnit) {
            projection.weight = w
        }
        if let n = f["delay"], let d = distributionOrConstant(n, "\(path).delay", key: "delay", unit: "ms") {
            projection.delay = d
        }
        return projection
    }

    mutating func readRule(_ f: [String: ModelNode], node: ModelNode, path: String, into projection: inout ProjectionSpec) {
        var rule = "all_to_all"
        var ruleLocation = node.location
        if let n = f["rule"] {
            ruleLocation = n.location
            guard let s = text(n, "\(path).rule", expected: "a connection rule such as fixed_indegree") else { return }
            guard ModelFileSchema.rules.contains(where: { $0.name == s }) else {
                let names = ModelFileSchema.rules.map(\.name)
                let hint = closestMatch(to: s, in: names).map { "; did you mean '\($0)'?" } ?? " (rules: \(names.joined(separator: ", ")))"
                report("\(path).rule", n.location, "unknown connection rule '\(s)'\(hint)")
                return
            }
            rule = s
        }
        let argument = ModelFileSchema.rules.first { $0.name == rule }!.argument
        for (key, owner) in ModelFileSchema.ruleArguments where owner != rule && f[key] != nil {
            report("\(path).\(key)", f[key]!.location, "'\(key)' is the argument of \(owner), not of \(rule)")
        }
        guard let argument else {
            projection.rule = rule == "one_to_one" ? .oneToOne : .allToAll
            return
        }
        guard let n = f[argument] else {
            report("\(path).\(argument)", ruleLocation, "missing key '\(argument)': \(rule) needs it")
            return
        }
        let argumentPath = "\(path).\(argument)"
        switch rule {
        case "fixed_indegree":
            if let k = integer(n, argumentPath, key: argument, range: 0...ModelFileSchema.largestCount) { projection.rule = .fixedIndegree(k) }
        case "fixed_outdegree":
            if let k = integer(n, argumentPath, key: argument, range: 0...ModelFileSchema.largestCount) { projection.rule = .fixedOutdegree(k) }
        case "fixed_total_number":
            if let k = integer(n, argumentPath, key: argument, range: 0...(1 << 53)) { projection.rule = .fixedTotalNumber(k) }
        default:
            if let p = number(n, argumentPath, key: argument, unit: "") {
                if p >= 0 && p <= 1 { projection.rule = .pairwiseBernoulli(p: p) } else {
                    report(argumentPath, n.location, "p is a probability: it must lie in [0, 1] (got \(shortNumber(p)))")
                }
            }
        }
    }

    func undefinedNodeReason(_ name: String, kinds: String) -> String {
        let candidates = kinds == "population" ? Array(populationIndex.keys) : Array(populationIndex.keys) + Array(deviceIndex.keys)
        let hint = closestMatch(to: name, in: candidates.sorted()).map { "; did you mean '\($0)'?" } ?? ""
        return "no \(kinds) named '\(name)'\(hint)"
    }

    // MARK: recorders

    mutating func readRecorders(_ node: ModelNode) {
        guard let entries = namedEntries(node, path: "recorders", what: "recorders by name (spikes: {model: spike_recorder, …})")
        else { return }
        for (name, keyLocation, value) in entries {
            let path = "recorders.\(name)"
            locations[path] = keyLocation
            checkName(name, path: path, at: keyLocation, what: "recorder")
            if let recorder = readRecorder(value, name: name, path: path, at: keyLocation) { spec.recorders.append(recorder) }
        }
    }

    mutating func readRecorder(_ node: ModelNode, name: String, path: String, at keyLocation: SourceLocation) -> RecorderSpec? {
        guard let f = fields(node, path: path, section: ModelFileSchema.recorder) else { return nil }
        var model: String?
        if let n = f["model"], let s = text(n, "\(path).model", expected: "spike_recorder or multimeter") {
            if ModelFileSchema.recorderModels.contains(s) { model = s } else {
                let hint = closestMatch(to: s, in: ModelFileSchema.recorderModels).map { "; did you mean '\($0)'?" }
                    ?? " (recorders: \(ModelFileSchema.recorderModels.joined(separator: ", ")))"
                report("\(path).model", n.location, "unknown recorder model '\(s)'\(hint)")
            }
        } else if f["model"] == nil {
            report("\(path).model", keyLocation, "missing key 'model': spike_recorder or multimeter")
        }
        // The populations observed.
        var names: [(String, ModelNode)] = []
        switch (f["population"], f["populations"]) {
        case let (one?, nil):
            if let s = text(one, "\(path).population", expected: "a population name") { names = [(s, one)] }
        case let (nil, many?):
            names = nameList(many, path: "\(path).populations", what: "population names")
            if case let .sequence(items) = many.content, items.isEmpty {
                report("\(path).populations", many.location, "the list of populations is empty")
            }
        case let (one?, _?):
            report("\(path).population", one.location, "give either 'population' or 'populations', not both")
        case (nil, nil):
            report("\(path).populations", keyLocation, "missing key 'population' (or 'populations'): the neurons to record from")
        }
        references[path] = names.map(\.0)
        var targets: [NeuronSelection] = []
        for (target, n) in names {
            if let p = populationIndex[target] {
                targets.append(NeuronSelection(population: p))
            } else {
                let listPath = f["population"] != nil ? "\(path).population" : "\(path).populations"
                if deviceIndex[target] != nil {
                    report(listPath, n.location, "'\(target)' is a device; recorders observe populations")
                } else {
                    report(listPath, n.location, undefinedNodeReason(target, kinds: "population"))
                }
                targets.append(NeuronSelection(population: -1))
            }
        }
        if let n = f["neurons"], let indices = neuronIndices(n, path: "\(path).neurons", targets: targets) {
            for i in targets.indices { targets[i].indices = indices }
        }
        guard let model else { return nil }
        if model == "spike_recorder" {
            for key in ["record_from", "interval"] where f[key] != nil {
                report("\(path).\(key)", f[key]!.location, "'\(key)' is a multimeter key; a spike_recorder records spikes only")
            }
            return RecorderSpec(name: name, kind: .spikes, targets: targets)
        }
        var recordFrom: [String] = []
        if let n = f["record_from"] {
            recordFrom = nameList(n, path: "\(path).record_from", what: "state variable names").map(\.0)
        } else {
            report("\(path).record_from", keyLocation, "missing key 'record_from': the state variables to record, such as [V_m]")
        }
        var interval = 1.0
        if let n = f["interval"], let v = number(n, "\(path).interval", key: "interval", unit: "ms") { interval = v }
        return RecorderSpec(name: name, kind: .multimeter(recordFrom: recordFrom, interval: interval), targets: targets)
    }

    /// `[0, 1, 2]` or `"0:50"` (Python's range: 0 up to, not including, 50). A range is checked
    /// against the populations' sizes before it is spelled out, so `0:2000000000` costs nothing.
    mutating func neuronIndices(_ node: ModelNode, path: String, targets: [NeuronSelection]) -> [Int]? {
        switch node.content {
        case let .sequence(items):
            var indices: [Int] = []
            for (i, item) in items.enumerated() {
                guard let k = integer(item, "\(path)[\(i)]", key: "a neuron index", range: 0...ModelFileSchema.largestCount)
                else { return nil }
                indices.append(k)
            }
            return indices
        case let .scalar(s) where s.contains(":"):
            let parts = s.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            guard parts.count == 2, let a = Int(parts[0]), let b = Int(parts[1]), a >= 0, a <= b,
                b <= ModelFileSchema.largestCount
            else {
                report(path, node.location, "a range of neurons is written 'first:end' with 0 ≤ first ≤ end, as in Python (got '\(s)')")
                return nil
            }
            let observed = targets.map(\.population).filter(spec.populations.indices.contains).map { spec.populations[$0] }
            // Without a known population (reported already) there is nothing to check the range against.
            guard let smallest = observed.min(by: { $0.count < $1.count }) else { return nil }
            if b > smallest.count && !brokenNodes.contains(smallest.name) {
                report(path, node.location, "the range '\(s)' reaches past the end of population '\(smallest.name)' (\(smallest.count) neurons)")
                return nil
            }
            return b > smallest.count ? nil : Array(a..<b)
        default:
            report(path, node.location, "expected a list of neuron indices ([0, 1, 2]) or a range ('0:50'); got \(node.shown)")
            return nil
        }
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
