import Foundation
import Hibana

/// A case of `../shared/reference/plasticity/` (see its README and make_plasticity.py): spike
/// trains of parrot neurons, the plastic connection's parameters, and NEST's weight recorder
/// events (and, for short-term plasticity, the target's membrane trace).
struct PlasticityCase {
    let json: [String: Any]
    let stem: URL
    let synapseModel: String
    let resolution: Double
    let simulatedMs: Double

    static let directory = sharedDirectory.appendingPathComponent("reference/plasticity")

    init(_ name: String) throws {
        stem = Self.directory.appendingPathComponent(name)
        let data = try Data(contentsOf: stem.appendingPathExtension("json"))
        json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        synapseModel = json["synapse_model"] as! String
        resolution = json["resolution_ms"] as! Double
        simulatedMs = json["simulated_ms"] as! Double
    }

    /// The connection's parameters as NEST read them back (model defaults overridden by the
    /// connection's own values), for the keys the Hibana rule declares.
    func synapseParameters(keys: [String]) -> [String: Double] {
        var out: [String: Double] = [:]
        for section in ["synapse_defaults_readback", "connection_state_initial"] {
            guard let values = json[section] as? [String: Any] else { continue }
            for key in keys { if let v = values[key] as? Double { out[key] = v } }
        }
        return out
    }

    var initialWeight: Double { (json["connection_state_initial"] as! [String: Any])["weight"] as! Double }
    var delay: Double { (json["connection_state_initial"] as! [String: Any])["delay"] as! Double }

    /// Columns of `<stem>.<suffix>.csv` by header name.
    func csv(_ suffix: String) throws -> [String: [Double]] {
        let text = try String(contentsOf: stem.appendingPathExtension("\(suffix).csv"), encoding: .utf8)
        var lines = text.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var columns = [[Double]](repeating: [], count: header.count)
        for line in lines {
            for (j, field) in line.split(separator: ",").enumerated() { columns[j].append(Double(field)!) }
        }
        return Dictionary(uniqueKeysWithValues: zip(header, columns))
    }
}

extension Network {
    /// A parrot_neuron that spikes exactly at `times` (ms), driven like NEST's reference set-up:
    /// a spike_generator 1 ms earlier through a static synapse of delay 1 ms.
    mutating func parrot(spikingAt times: [Double], name: String) throws -> Population {
        let parrot = try population("parrot_neuron", count: 1, name: name)
        let generator = try device("spike_generator", ["spike_times": .list(times.map { (($0 - 1.0) * 10).rounded() / 10 })], name: name + "-generator")
        try connect(generator, parrot, weight: .constant(1), delay: .constant(1))
        return parrot
    }
}
