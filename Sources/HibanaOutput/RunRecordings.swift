import HibanaDescription
import HibanaEngine
import HibanaModels

/// Everything a run recorded, read once from the simulation in recorder order, with the file
/// stem each recorder's files get.
struct RunRecordings {
    struct Spikes {
        var name: String
        var stem: String
        var selections: [NeuronSelection]
        var events: SpikeEvents
    }

    struct Traces {
        var name: String
        var stem: String
        var variables: [String]
        /// Unit of each variable ("mV"), "" when the model does not say.
        var units: [String]
        var interval: Double
        var data: MultimeterData
    }

    /// A plastic projection's weight recorder (`record_weights`).
    struct Weights {
        var name: String
        var stem: String
        var projection: Int
        var events: WeightEvents
    }

    var spikes: [Spikes] = []
    var traces: [Traces] = []
    var weights: [Weights] = []

    init(_ simulation: any SimulationResults) throws {
        let spec = simulation.network.spec
        var stems = Set<String>()
        for recorder in spec.recorders {
            let stem = Self.uniqueStem(recorder.name, taken: &stems)
            switch recorder.kind {
            case .spikes:
                spikes.append(Spikes(
                    name: recorder.name, stem: stem, selections: recorder.targets, events: try simulation.spikes(recorder.name)))
            case let .multimeter(variables, interval):
                let models = recorder.targets.compactMap { try? ModelCatalog.neuron(named: spec.populations[$0.population].model) }
                let units = variables.map { v in
                    models.lazy.compactMap { m in m.recordables.first { $0.name == v }?.unit }.first ?? ""
                }
                traces.append(Traces(
                    name: recorder.name, stem: stem, variables: variables, units: units, interval: interval,
                    data: try simulation.multimeter(recorder.name)))
            }
        }
        // Named after the projection: "E-E-weights", "pre-post-weights-2" for a second one.
        for (p, projection) in spec.projections.enumerated() where projection.recordWeights {
            guard case let .population(s) = projection.source else { continue }
            let name = "\(spec.populations[s].name)-\(spec.populations[projection.target].name)-weights"
            let stem = Self.uniqueStem(name, taken: &stems)
            weights.append(Weights(name: stem, stem: stem, projection: p, events: simulation.weightEvents(projection: p)))
        }
    }

    /// The recorder's name made safe as a file name (letters, digits, `.`, `_`, `-`; others
    /// become `_`), with `-2`, `-3` … appended when two names would clash.
    static func uniqueStem(_ name: String, taken: inout Set<String>) -> String {
        var base = String(name.unicodeScalars.map { c -> Character in
            let safe = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "."
            return safe ? Character(c) : "_"
        })
        if base.isEmpty || base.hasPrefix(".") { base = "recorder" + base }
        var stem = base
        var k = 2
        while taken.contains(stem) {
            stem = "\(base)-\(k)"
            k += 1
        }
        taken.insert(stem)
        return stem
    }
}

/// The recorded spike trains of one population: which neurons the spike recorders observed and
/// their spikes. A neuron observed by several spike recorders counts once (its spikes are taken
/// from the first recorder that observes it).
struct PopulationActivity {
    var name: String
    var model: String
    var size: Int
    /// NEST id of the population's first neuron.
    var firstID: Int
    /// Indices within the population of the recorded neurons, increasing.
    var recorded: [Int]
    /// Spike times (ms, increasing) of each recorded neuron, aligned with `recorded`.
    var trains: [[Double]]

    var recordedIDs: [Int] { recorded.map { firstID + $0 } }

    static func collect(spec: NetworkSpec, populationOffsets: [Int], recordings: [RunRecordings.Spikes]) -> [PopulationActivity] {
        spec.populations.enumerated().map { p, population in
            // owner[i]: the first recorder observing neuron i, or -1.
            var owner = [Int](repeating: -1, count: population.count)
            for (r, recording) in recordings.enumerated() {
                for selection in recording.selections where selection.population == p {
                    for i in selection.indices ?? Array(0..<population.count) where i >= 0 && i < population.count && owner[i] < 0 {
                        owner[i] = r
                    }
                }
            }
            var position = [Int](repeating: -1, count: population.count)
            var recorded: [Int] = []
            for i in 0..<population.count where owner[i] >= 0 {
                position[i] = recorded.count
                recorded.append(i)
            }
            var trains = [[Double]](repeating: [], count: recorded.count)
            let firstID = populationOffsets[p] + 1
            for (r, recording) in recordings.enumerated() {
                for (sender, time) in zip(recording.events.senders, recording.events.times) {
                    let i = sender - firstID
                    if i >= 0 && i < population.count && owner[i] == r { trains[position[i]].append(time) }
                }
            }
            return PopulationActivity(
                name: population.name, model: population.model, size: population.count, firstID: firstID,
                recorded: recorded, trains: trains)
        }
    }
}

/// Increasing integers as inclusive runs: [1, 2, 3, 7] → [[1, 3], [7, 7]].
func inclusiveRuns(_ values: [Int]) -> [[Int]] {
    var runs: [[Int]] = []
    for v in values {
        if let last = runs.last, last[1] + 1 == v { runs[runs.count - 1][1] = v } else { runs.append([v, v]) }
    }
    return runs
}
