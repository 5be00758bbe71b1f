import HibanaCommunication

/// One rank's recordings, sent to rank 0 once at the end of a run so that rank 0 reads (and
/// writes) exactly what a single process would have recorded.
struct RankRecordings {
    /// Per recorder of the spec: spike keys (step << 32 | sender) of a spike recorder, or a
    /// multimeter's sample steps and its probes' series (nil for the other kind).
    var spikes: [[UInt64]?]
    var traces: [MultimeterSeries?]
    /// Per projection of the spec: its weight recorder's events onto this rank's neurons.
    var weights: [[WeightRow]]

    /// As 64-bit words: per recorder a kind word, then counts followed by their values.
    var words: [UInt64] {
        var out: [UInt64] = []
        for (keys, series) in zip(spikes, traces) {
            if let keys {
                out += [1, UInt64(keys.count)] + keys
            } else if let series {
                out += [2, UInt64(series.steps.count)] + series.steps.map { UInt64($0) }
                out.append(UInt64(series.probes.count))
                for probe in series.probes {
                    out += [UInt64(probe.gid), UInt64(probe.values.count)]
                    for values in probe.values { out += [UInt64(values.count)] + values.map(\.bitPattern) }
                }
            } else {
                out.append(0)
            }
        }
        for rows in weights {
            out.append(UInt64(rows.count))
            for row in rows {
                out += [UInt64(UInt32(bitPattern: row.stamp)) | UInt64(UInt32(bitPattern: row.source)) << 32, UInt64(row.target),
                        row.weight.bitPattern]
            }
        }
        return out
    }

    init(spikes: [[UInt64]?], traces: [MultimeterSeries?], weights: [[WeightRow]]) {
        self.spikes = spikes
        self.traces = traces
        self.weights = weights
    }

    init(words: [UInt64], recorders: Int, projections: Int) {
        var i = 0
        func next() -> UInt64 {
            defer { i += 1 }
            return words[i]
        }
        func array(_ count: UInt64) -> [UInt64] {
            defer { i += Int(count) }
            return Array(words[i..<i + Int(count)])
        }
        spikes = []
        traces = []
        for _ in 0..<recorders {
            switch next() {
            case 1:
                spikes.append(array(next()))
                traces.append(nil)
            case 2:
                let steps = array(next()).map { Int($0) }
                var probes: [(gid: Int, values: [[Double]])] = []
                for _ in 0..<next() {
                    let gid = Int(next())
                    probes.append((gid, (0..<next()).map { _ in array(next()).map { Double(bitPattern: $0) } }))
                }
                spikes.append(nil)
                traces.append(MultimeterSeries(steps: steps, probes: probes))
            default:
                spikes.append(nil)
                traces.append(nil)
            }
        }
        weights = (0..<projections).map { _ in
            (0..<next()).map { _ in
                let a = next(), target = next(), weight = next()
                return WeightRow(
                    stamp: Int32(bitPattern: UInt32(truncatingIfNeeded: a)), source: Int32(bitPattern: UInt32(a >> 32)),
                    target: Int(target), weight: Double(bitPattern: weight))
            }
        }
    }
}

/// One weight recorder event: the step of the presynaptic spike, the source and target gids, the weight after the update.
struct WeightRow {
    var stamp: Int32
    var source: Int32
    var target: Int
    var weight: Double
}

/// A multimeter's samples on some threads: sample steps and, per probed neuron, one series per variable.
struct MultimeterSeries {
    var steps: [Int]
    var probes: [(gid: Int, values: [[Double]])]
}

extension Simulation {
    /// Sends every rank's recordings to rank 0: afterwards rank 0's `spikes` and `multimeter`
    /// return the whole network's recordings, in the order a single process gives. A collective call.
    public func gatherRecordings() {
        let communicator = network.communicator
        guard communicator.size > 1 else { return }
        let recorders = network.spec.recorders.indices
        let projections = network.spec.projections.indices
        let mine = RankRecordings(
            spikes: recorders.map { localSpikeKeys($0) }, traces: recorders.map { localSeries($0) },
            weights: projections.map { localWeightRows(projection: $0) })
        let words = mine.words
        let bytes = words.withUnsafeBytes { Array($0) }
        let all = communicator.gather(bytes)
        guard communicator.isRoot else { return }
        remoteRecordings = all.dropFirst().map { part in
            let words = part.withUnsafeBytes { raw in
                (0..<raw.count / 8).map { raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self) }
            }
            return RankRecordings(words: words, recorders: recorders.count, projections: projections.count)
        }
    }
}
