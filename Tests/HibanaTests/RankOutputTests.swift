import Foundation
import XCTest
import Hibana

/// Recordings of several ranks merge into the files a single process writes, byte for byte.
final class RankOutputTests: XCTestCase {
    func write(ranks: Int, threads: Int, plastic: Bool) throws -> URL {
        let (net, _, _) = try RankInvarianceTests.brunel(seed: 5, plastic: plastic)
        let spec = net.spec
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-ranks-\(UUID())")
        let results = DryRunCommunicator.run(ranks: ranks) { comm in
            let writer = try RunWriter(directory: directory)
            let simulation = Simulation(try NetworkBuilder.build(spec, threads: threads, communicator: comm))
            try simulation.run(100)
            return try writer.write(simulation: simulation, requestedDuration: 100).count
        }
        let counts = try results.map { try $0.get() }
        XCTAssertEqual(counts.dropFirst().reduce(0, +), 0, "only rank 0 writes")
        return directory
    }

    /// summary.json without what depends on the decomposition (memory: each thread keeps run
    /// starts for every source) or the clock.
    func comparableSummary(_ directory: URL) throws -> NSDictionary {
        let data = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
        var summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        for key in ["timing", "ranks", "memory"] { summary[key] = nil }
        var network = summary["network"] as! [String: Any]
        for key in ["ranks", "threads"] { network[key] = nil }
        summary["network"] = network
        return summary as NSDictionary
    }

    func checkFiles(plastic: Bool) throws {
        let reference = try write(ranks: 1, threads: 1, plastic: plastic)
        defer { try? FileManager.default.removeItem(at: reference) }
        let names = try FileManager.default.contentsOfDirectory(atPath: reference.path).filter {
            $0.hasSuffix(".npy") || $0.hasSuffix(".csv")
        }
        XCTAssertEqual(names.count, 4, "spikes and traces, .npy and .csv")
        for (ranks, threads) in [(2, 2), (4, 1)] {
            let directory = try write(ranks: ranks, threads: threads, plastic: plastic)
            defer { try? FileManager.default.removeItem(at: directory) }
            for name in names {
                XCTAssertEqual(
                    try Data(contentsOf: directory.appendingPathComponent(name)),
                    try Data(contentsOf: reference.appendingPathComponent(name)), "\(name), \(ranks) × \(threads)")
            }
            XCTAssertEqual(try comparableSummary(directory), try comparableSummary(reference))
            let data = try Data(contentsOf: directory.appendingPathComponent("summary.json"))
            let summary = try JSONSerialization.jsonObject(with: data) as! [String: Any]
            let perRank = summary["ranks"] as! [[String: Any]]
            XCTAssertEqual(perRank.count, ranks)
            XCTAssertEqual(perRank.map { $0["neurons"] as! Int }.reduce(0, +), 500)
            XCTAssertNotNil((summary["timing"] as! [String: Any])["communicate_s"] as? Double)
        }
    }

    func testBrunelFilesAreIdenticalForEveryDecomposition() throws { try checkFiles(plastic: false) }

    func testPlasticFilesAreIdenticalForEveryDecomposition() throws { try checkFiles(plastic: true) }
}
