import HibanaDescription

extension Simulation {
    func recorderIndex(_ name: String) throws -> Int {
        guard let r = network.spec.recorders.firstIndex(where: { $0.name == name }) else {
            let names = network.spec.recorders.map(\.name)
            let hint = closestMatch(to: name, in: names).map { "; did you mean '\($0)'?" } ?? ""
            throw HibanaError.invalidNetwork(reason: "no recorder named '\(name)'\(hint)")
        }
        return r
    }

    /// Everything a spike recorder recorded so far, merged over threads (and, after
    /// `gatherRecordings`, over ranks) in (time, sender) order.
    public func spikes(_ recorder: String) throws -> SpikeEvents {
        let r = try recorderIndex(recorder)
        var keys = localSpikeKeys(r) ?? []
        for remote in remoteRecordings { keys += remote.spikes[r] ?? [] }
        keys.sort()
        let h = resolution
        return SpikeEvents(
            senders: keys.map { Int($0 & 0xFFFF_FFFF) + 1 }, times: keys.map { Double(($0 >> 32) + 1) * h })
    }

    /// Everything a multimeter sampled so far, neurons in increasing id order.
    public func multimeter(_ recorder: String) throws -> MultimeterData {
        let r = try recorderIndex(recorder)
        guard case let .multimeter(recordFrom, _) = network.spec.recorders[r].kind, let local = localSeries(r) else {
            throw HibanaError.invalidNetwork(reason: "recorder '\(recorder)' is a spike recorder, not a multimeter")
        }
        var series = local.probes
        for remote in remoteRecordings { series += remote.traces[r]?.probes ?? [] }
        series.sort { $0.gid < $1.gid }
        var data = MultimeterData()
        data.times = local.steps.map { Double($0 + 1) * resolution }
        data.senders = series.map { $0.gid + 1 }
        for (v, name) in recordFrom.enumerated() { data.values[name] = series.map { $0.values[v] } }
        return data
    }

    /// Spike recorder `r`'s spikes on this rank's threads as (step << 32 | sender), unsorted; nil
    /// for a multimeter.
    func localSpikeKeys(_ r: Int) -> [UInt64]? {
        guard case .spikes = network.spec.recorders[r].kind else { return nil }
        var keys: [UInt64] = []
        for state in threads {
            guard let rec = state.recorders.spikeRecorder(r) else { continue }
            for (sender, step) in zip(rec.senders, rec.steps) { keys.append(UInt64(step) << 32 | UInt64(sender)) }
        }
        return keys
    }

    /// Multimeter `r`'s samples on this rank's threads; nil for a spike recorder.
    func localSeries(_ r: Int) -> MultimeterSeries? {
        guard case let .multimeter(recordFrom, _) = network.spec.recorders[r].kind else { return nil }
        var out = MultimeterSeries(steps: [], probes: [])
        for state in threads {
            guard let m = state.recorders.multimeter(r) else { continue }
            // Every thread samples at the same steps.
            out.steps = m.sampleSteps
            let perSample = m.probes.reduce(0) { $0 + $1.variables.count }
            var column = 0
            for probe in m.probes {
                var values = [[Double]](repeating: [], count: recordFrom.count)
                for sample in 0..<m.sampleSteps.count {
                    for v in 0..<probe.variables.count {
                        values[v].append(m.samples[sample * perSample + column + v])
                    }
                }
                column += probe.variables.count
                out.probes.append((probe.gid, values))
            }
        }
        return out
    }
}
