import Foundation
import XCTest

/// A single-neuron case of `../shared/reference/single/` (see its README): NEST's parameters,
/// input spike trains, multimeter trace and spike times.
struct ReferenceCase {
    let model: String
    let scenario: String
    let resolution: Double
    let simulatedMs: Double
    /// Scalar model parameters as NEST read them back (strings such as "-inf" parsed).
    let parameters: [String: Double]
    /// (times, weight, delay) of the excitatory and inhibitory generators (empty for DC cases).
    let inputs: [(times: [Double], weight: Double, delay: Double)]
    /// Columns of the trace by name; `time_ms` included.
    let trace: [String: [Double]]
    let spikes: [Double]

    static let directory = sharedDirectory.appendingPathComponent("reference/single")

    init(_ model: String, _ scenario: String) throws {
        let base = Self.directory.appendingPathComponent("\(model)__\(scenario)")
        let data = try Data(contentsOf: base.appendingPathExtension("json"))
        let json = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        self.model = model
        self.scenario = scenario
        resolution = json["resolution_ms"] as! Double
        simulatedMs = json["simulated_ms"] as! Double
        var params: [String: Double] = [:]
        for (k, v) in json["model_params"] as! [String: Any] {
            if let b = v as? Bool { params[k] = b ? 1 : 0 } else if let d = v as? Double { params[k] = d }
            else if let s = v as? String, let d = Double(s) { params[k] = d }
        }
        parameters = params
        let inputJSON = json["inputs"] as! [String: Any]
        var inputs: [(times: [Double], weight: Double, delay: Double)] = []
        for side in ["excitatory", "inhibitory"] {
            if let s = inputJSON[side] as? [String: Any] {
                inputs.append((s["spike_times_ms"] as! [Double], s["weight"] as! Double, s["delay_ms"] as! Double))
            }
        }
        self.inputs = inputs
        let csv = try String(contentsOf: base.appendingPathExtension("csv"), encoding: .utf8)
        var lines = csv.split(separator: "\n")
        let header = lines.removeFirst().split(separator: ",").map(String.init)
        var columns = [[Double]](repeating: [], count: header.count)
        for line in lines {
            for (j, field) in line.split(separator: ",").enumerated() { columns[j].append(Double(field)!) }
        }
        trace = Dictionary(uniqueKeysWithValues: zip(header, columns))
        let spikeCSV = try String(
            contentsOf: Self.directory.appendingPathComponent("\(model)__\(scenario).spikes.csv"), encoding: .utf8)
        spikes = spikeCSV.split(separator: "\n").dropFirst().map { Double($0)! }
    }

    /// Recorded variables other than time.
    var recordedNames: [String] { trace.keys.filter { $0 != "time_ms" }.sorted() }

    /// NEST's parameter values for the keys a Hibana model declares.
    func parameters(for keys: [String]) -> [String: Double] {
        parameters.filter { keys.contains($0.key) }
    }
}

/// The team's `../shared` folder beside the repository root (tests run from the root).
let sharedDirectory: URL = {
    let beside = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("../shared")
    if FileManager.default.fileExists(atPath: beside.path) { return beside.standardized }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("../shared").standardized
}()

/// Same number of spikes, each within `tolerance` ms of NEST's.
func assertSpikesMatch(
    _ got: [Double], _ expected: [Double], tolerance: Double, _ label: String,
    file: StaticString = #filePath, line: UInt = #line
) {
    XCTAssertEqual(got.count, expected.count, "\(label): spike count", file: file, line: line)
    for (g, e) in zip(got, expected) where abs(g - e) > tolerance {
        XCTFail("\(label): spike at \(g) ms, NEST \(e) ms (tolerance \(tolerance) ms)", file: file, line: line)
        return
    }
}
