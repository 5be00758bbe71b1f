import Foundation
import HibanaDescription
import HibanaEngine

/// The learned weights of every plastic projection as a CSV file a later run loads to start from
/// them: `projection,source,target,delay_ms,weight`, one row per connection in the canonical order
/// of `Simulation.weights(projection:)`, weights written so that they read back bit for bit.
/// Loading checks that the file describes the same connections (same seed and model).
public enum PlasticWeightsFile {
    public static let header = "projection,source,target,delay_ms,weight"

    public static func write(_ simulation: any PlasticWeights, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write(header + "\n")
        for p in simulation.network.spec.projections.indices {
            let w = try simulation.weights(projection: p)
            for i in 0..<w.count {
                file.write("\(p),\(w.sources[i]),\(w.targets[i]),\(NumberText.roundTrip(w.delays[i])),\(NumberText.roundTrip(w.weights[i]))\n")
            }
        }
        try file.close()
    }

    /// Sets the weights of `simulation`'s plastic projections from a file written by `write`.
    public static func load(into simulation: any PlasticWeights, from url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n")
        guard lines.first.map(String.init) == header else {
            throw HibanaError.invalidNetwork(reason: "\(url.path): not a weights file (first line must be '\(header)')")
        }
        lines.removeFirst()
        var rows: [Int: [(source: Int, target: Int, weight: Double)]] = [:]
        for (n, line) in lines.enumerated() {
            let f = line.split(separator: ",")
            guard f.count == 5, let p = Int(f[0]), let s = Int(f[1]), let t = Int(f[2]), let w = Double(f[4]) else {
                throw HibanaError.invalidNetwork(reason: "\(url.path):\(n + 2): expected \(header)")
            }
            rows[p, default: []].append((s, t, w))
        }
        if let extra = rows.keys.first(where: { !simulation.network.spec.projections.indices.contains($0) }) {
            throw HibanaError.invalidNetwork(reason: "\(url.path): projection #\(extra) does not exist in this model")
        }
        for p in simulation.network.spec.projections.indices {
            let current = try simulation.weights(projection: p)
            let saved = rows[p] ?? []
            guard saved.count == current.count,
                zip(saved, zip(current.sources, current.targets)).allSatisfy({ $0.source == $1.0 && $0.target == $1.1 })
            else {
                throw HibanaError.invalidNetwork(
                    reason: "\(url.path): projection #\(p) has other connections than the file (\(current.count) here, \(saved.count) saved); build with the same model and seed")
            }
            if !saved.isEmpty { try simulation.setWeights(projection: p, saved.map(\.weight)) }
        }
    }
}
