import Foundation
import XCTest
import Hibana
@testable import HibanaOutput

/// Writing a run's results: CSV that reads back as the same numbers, a summary that agrees with
/// the recordings, a self-contained report, and no overwriting without `force`.
final class RunWriterTests: XCTestCase {
    var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-output-\(UUID().uuidString)")
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Two populations of regularly firing neurons, two spike recorders (one observing a subset)
    /// and a multimeter, simulated for 200 ms.
    func smallRun(threads: Int = 2) throws -> Simulation {
        var net = Network(seed: 3)
        let a = try net.population("iaf_psc_exp", count: 4, ["I_e": 500], name: "A")
        let b = try net.population("iaf_psc_exp", count: 3, ["I_e": 420], name: "B")
        try net.connect(a, b, rule: .allToAll, weight: .constant(5), delay: .constant(1))
        net.recordSpikes(a, name: "spikes A")
        net.recordSpikes(b, indices: [0, 2], name: "spikes_B")
        net.record(["V_m"], from: b, interval: 0.5, name: "voltage")
        let simulation = try Simulation(NetworkBuilder.build(net.spec, threads: threads))
        try simulation.run(200)
        return simulation
    }

    func json(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(name))) as! [String: Any]
    }

    func csvRows(_ name: String) throws -> (header: String, rows: [[String]]) {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        return (header, lines.map { $0.split(separator: ",").map(String.init) })
    }

    func testWritesEveryRecorderSummaryAndReport() throws {
        let simulation = try smallRun()
        let files = try RunWriter(directory: directory).write(simulation: simulation, requestedDuration: 200)
        XCTAssertEqual(files.map(\.lastPathComponent), [
            "spikes_A.spikes.npy", "spikes_A.spikes.csv", "spikes_B.spikes.npy", "spikes_B.spikes.csv",
            "voltage.multimeter.npy", "voltage.multimeter.csv", "summary.json", "report.html",
        ])
        for file in files { XCTAssertTrue(FileManager.default.fileExists(atPath: file.path), file.path) }

        let spikesA = try simulation.spikes("spikes A")
        let (header, rows) = try csvRows("spikes_A.spikes.csv")
        XCTAssertEqual(header, "sender,time_ms")
        XCTAssertEqual(rows.map { Int($0[0])! }, spikesA.senders)
        XCTAssertEqual(rows.map { Double($0[1])! }, spikesA.times, "round trip: the same Doubles")
        XCTAssertGreaterThan(spikesA.count, 10)

        let summary = try json("summary.json")
        let status = summary["status"] as! [String: Any]
        XCTAssertEqual(status["interrupted"] as? Bool, false)
        XCTAssertEqual(status["time_reached_ms"] as? Double, 200)
        let network = summary["network"] as! [String: Any]
        XCTAssertEqual(network["neurons"] as? Int, 7)
        XCTAssertEqual(network["synapses"] as? Int, 12)
        XCTAssertEqual((summary["spikes"] as! [String: Any])["total"] as? Int, simulation.spikeCount)
        let populations = summary["populations"] as! [[String: Any]]
        XCTAssertEqual(populations.map { $0["name"] as! String }, ["A", "B"])
        XCTAssertEqual(populations[0]["recorded_neurons"] as? Int, 4)
        XCTAssertEqual(populations[0]["spikes"] as? Int, spikesA.count)
        XCTAssertEqual(populations[0]["mean_rate_hz"] as! Double, Double(spikesA.count) / (4 * 0.2), accuracy: 1e-12)
        XCTAssertEqual(populations[1]["recorded_ids"] as? [[Int]], [[5, 5], [7, 7]])
        XCTAssertEqual(populations[1]["spikes"] as? Int, try simulation.spikes("spikes_B").count)
        // Regular firing under constant drive: CV of ISIs near 0 (the first ISI differs, from V_m(0)).
        XCTAssertLessThan(populations[0]["cv_isi"] as! Double, 0.05)
        let recorders = summary["recorders"] as! [[String: Any]]
        XCTAssertEqual(recorders.map { $0["name"] as! String }, ["spikes A", "spikes_B", "voltage"])
        XCTAssertEqual(recorders[2]["senders"] as? [Int], [5, 6, 7])
        XCTAssertEqual(recorders[2]["rows"] as? Int, 400 * 3)
        XCTAssertEqual(summary["files"] as? [String], files.map(\.lastPathComponent))
    }

    func testMultimeterCSVRoundTripsInTimeMajorOrder() throws {
        let simulation = try smallRun()
        try RunWriter(directory: directory).write(simulation: simulation)
        let data = try simulation.multimeter("voltage")
        let (header, rows) = try csvRows("voltage.multimeter.csv")
        XCTAssertEqual(header, "sender,time_ms,V_m")
        XCTAssertEqual(rows.count, data.times.count * data.senders.count)
        for (r, row) in rows.enumerated() {
            let (s, i) = r.quotientAndRemainder(dividingBy: data.senders.count)
            XCTAssertEqual(Int(row[0]), data.senders[i])
            XCTAssertEqual(Double(row[1]), data.times[s])
            XCTAssertEqual(Double(row[2]), data.values["V_m"]![i][s])
        }
    }

    func testNumbersAreWrittenToReadBackExactly() throws {
        let awkward = [0.1 + 0.2, 1e-7, 123_456.789, Double.leastNonzeroMagnitude, -0.0, 1e300, Double.pi]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("x.spikes.csv")
        try RecordingFiles.writeSpikesCSV(SpikeEvents(senders: awkward.indices.map { $0 + 1 }, times: awkward), to: url)
        let back = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { Double($0.split(separator: ",")[1])! }
        XCTAssertEqual(back.map(\.bitPattern), awkward.map(\.bitPattern))
        XCTAssertEqual(NumberText.fixed(12.345, decimals: 2), "12.35")
        XCTAssertEqual(NumberText.fixed(-0.04, decimals: 1), "0.0")
        XCTAssertEqual(NumberText.fixed(-3.25, decimals: 1), "-3.3")
        XCTAssertEqual(NumberText.fixed(7, decimals: 0), "7")
        XCTAssertEqual(JSONValue.number(.nan).text(), "null")
        XCTAssertEqual(JSONValue.string("a\"b\n").text(), "\"a\\\"b\\n\"")
    }

    func testExistingRunIsNotOverwrittenWithoutForce() throws {
        let simulation = try smallRun()
        try RunWriter(directory: directory).write(simulation: simulation)
        let summary = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
        XCTAssertThrowsError(try RunWriter(directory: directory)) { error in
            XCTAssertEqual(error as? OutputError, .directoryExists(path: directory.standardizedFileURL.path))
            XCTAssertTrue("\(error)".contains("--force"), "the message says how to overwrite")
        }
        XCTAssertEqual(try Data(contentsOf: directory.appendingPathComponent("summary.json")), summary)

        // With force, earlier results go, other files stay.
        let stale = directory.appendingPathComponent("old.spikes.csv"), notes = directory.appendingPathComponent("notes.txt")
        try Data("x".utf8).write(to: stale)
        try Data("keep".utf8).write(to: notes)
        try RunWriter(directory: directory, force: true).write(simulation: simulation)
        XCTAssertFalse(FileManager.default.fileExists(atPath: stale.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: notes.path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.appendingPathComponent("report.html").path))
    }

    func testAnEmptyDirectoryMayBeUsedButAFileMayNot() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        XCTAssertNoThrow(try RunWriter(directory: directory))
        let file = directory.appendingPathComponent("plain")
        try Data().write(to: file)
        XCTAssertThrowsError(try RunWriter(directory: file, force: true)) { error in
            XCTAssertEqual(error as? OutputError, .notADirectory(path: file.path))
        }
    }

    func testTheSameWriterMayWriteAgain() throws {
        let simulation = try smallRun()
        let writer = try RunWriter(directory: directory)
        try writer.write(simulation: simulation, requestedDuration: 300, interrupted: true, reason: "checkpoint")
        try simulation.run(100)
        try writer.write(simulation: simulation, requestedDuration: 300)
        XCTAssertEqual((try json("summary.json")["status"] as! [String: Any])["time_reached_ms"] as? Double, 300)
    }

    func testNumericalBlowUpIsWrittenAsAnInterruptedRun() throws {
        var net = Network()
        let cells = try net.population("iaf_psc_exp", count: 3, ["I_e": 1000], name: "cortex")
        // At 20 ms every neuron receives a weight of 1e310 pA: infinite in double precision.
        let kick = try net.device("spike_generator", ["spike_times": .list([20]), "spike_weights": .list([1e10])])
        try net.connect(kick, cells, rule: .allToAll, weight: .constant(1e300), delay: .constant(1))
        net.recordSpikes(cells, name: "spikes")
        net.record(["V_m", "I_syn_ex"], from: cells, interval: 0.1, name: "state")
        let simulation = try Simulation(NetworkBuilder.build(net.spec, threads: 1))
        let writer = try RunWriter(directory: directory)
        var reason = ""
        do { try simulation.run(100) } catch { reason = "\(error)" }
        XCTAssertTrue(reason.contains("numerical instability"))
        try writer.write(simulation: simulation, requestedDuration: 100, interrupted: true, reason: reason)

        let status = try json("summary.json")["status"] as! [String: Any]
        XCTAssertEqual(status["interrupted"] as? Bool, true)
        XCTAssertEqual(status["reason"] as? String, reason)
        XCTAssertEqual(status["time_requested_ms"] as? Double, 100)
        XCTAssertLessThan(status["time_reached_ms"] as! Double, 100)
        let (header, rows) = try csvRows("state.multimeter.csv")
        XCTAssertEqual(header, "sender,time_ms,V_m,I_syn_ex")
        XCTAssertTrue(rows.contains { $0[3] == "inf" || $0[3] == "nan" }, "the blow-up itself is in the file")
        XCTAssertGreaterThan(try csvRows("spikes.spikes.csv").rows.count, 3, "spikes before the blow-up are kept")
        let report = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        XCTAssertTrue(report.contains("class=\"status interrupted\""))
        XCTAssertFalse(report.contains("nan") || report.contains("inf\""), "non-finite samples are left out of the plots")
    }

    func testReportIsSelfContainedWithTheExpectedPlots() throws {
        let simulation = try smallRun()
        try RunWriter(directory: directory).write(simulation: simulation)
        let report = try String(contentsOf: directory.appendingPathComponent("report.html"), encoding: .utf8)
        for marker in ["<svg id=\"raster\"", "<svg id=\"rates\"", "<svg id=\"rate-bars\"", "<section id=\"traces\"", "class=\"trace\"",
            "time (ms)", "rate (Hz)", "V_m (mV)"]
        {
            XCTAssertTrue(report.contains(marker), marker)
        }
        XCTAssertFalse(report.contains("<script"))
        XCTAssertFalse(report.contains("src="))
        XCTAssertFalse(report.contains("href=\"http"))
    }

    func testReportThinsBigRecordings() throws {
        var limits = ReportLimits()
        limits.rasterPoints = 100
        limits.rasterRows = 10
        let trains = (0..<40).map { n in (0..<50).map { Double($0) * 20 + Double(n) * 0.1 } }
        let activity = PopulationActivity(
            name: "P", model: "iaf_psc_exp", size: 40, firstID: 1, recorded: Array(0..<40), trains: trains)
        let statistics = SpikeStatistics(trains: trains, duration: 1000)
        let report = HTMLReport(summary: try summary(activity, statistics), traces: [], limits: limits)
        let sample = report.rasterSample()
        XCTAssertEqual(sample.rowStride, 4)
        XCTAssertEqual(sample.rows.count, 10)
        XCTAssertLessThanOrEqual(sample.shown, 100)
        XCTAssertEqual(sample.total, 2000)
        XCTAssertNotNil(sample.timeLimit)

        let times = (0..<10_000).map { Double($0) * 0.1 }
        var values = times.map { _ in -70.0 }
        values[5_001] = 20
        let points = HTMLReport.decimate(times: times, values: values, maxPoints: 200)
        XCTAssertLessThanOrEqual(points.count, 200)
        XCTAssertTrue(points.contains { $0.value == 20 }, "a one-sample spike survives thinning")
    }

    /// A summary around one population, for report tests that need no simulation.
    func summary(_ activity: PopulationActivity, _ statistics: SpikeStatistics) throws -> RunSummary {
        var net = Network()
        try net.population("iaf_psc_exp", count: 1)
        var summary = RunSummary(
            simulation: try Simulation(NetworkBuilder.build(net.spec, threads: 1)), ranks: [], activities: [], requestedDuration: nil,
            interrupted: false, reason: nil)
        summary.timeReached = 1000
        summary.populations = [.init(activity: activity, statistics: statistics)]
        return summary
    }
}
