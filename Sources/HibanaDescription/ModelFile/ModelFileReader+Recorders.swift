/// Reading `recorders`: spike recorders and multimeters, the populations and neurons they observe.
extension ModelFileReader {
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
}
