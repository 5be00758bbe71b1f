import Foundation
import XCTest
import Hibana

/// README's API snippet, compiled and run here; the test also checks that README shows exactly this code.
final class ReadmeExampleTests: XCTestCase {
    func readmeExample() throws -> (SpikeEvents, MultimeterData) {
        // README example begins
        var net = Network(resolution: 0.1, seed: 42)
        let cells = try net.population("iaf_psc_exp", count: 100, ["V_m": .distribution(.uniform(min: -70, max: -55))])
        let drive = try net.device("poisson_generator", ["rate": 2000.0])
        try net.connect(drive, cells, weight: .constant(87.8), delay: .constant(1.5))
        try net.connect(cells, cells, rule: .fixedIndegree(10), weight: .normal(mean: 87.8, std: 8.8), delay: .constant(1.5))
        let spikes = net.recordSpikes(cells)
        let voltages = net.record(["V_m"], from: cells, indices: [0, 1], interval: 0.1)
        let run = try net.simulate(500, threads: 2)
        let events = try run.spikes(spikes)          // senders (NEST ids, from 1) and times in ms
        let trace = try run.multimeter(voltages)     // V_m of neurons 1 and 2 every 0.1 ms
        print("\(events.count) spikes; V_m of neuron 1 at 500 ms: \(trace.trace("V_m", sender: 1)!.last!) mV")
        // README example ends
        return (events, trace)
    }

    func testReadmeShowsThisCode() throws {
        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let begin = source.range(of: "// README example begins\n")!.upperBound
        let end = source.range(of: "        // README example ends")!.lowerBound
        let lines = source[begin..<end].split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        for line in lines { XCTAssertTrue(text.contains(line), "README lacks: \(line)") }
    }

    func testReadmeExampleRuns() throws {
        let (events, trace) = try readmeExample()
        XCTAssertGreaterThan(events.count, 100)
        XCTAssertEqual(trace.senders, [1, 2])
        XCTAssertEqual(trace.times.count, 5000)
        XCTAssertTrue(events.senders.allSatisfy { (1...100).contains($0) })
    }
}
