import Foundation
import XCTest
@testable import HibanaModels

/// The models NEST integrates numerically (adaptive RKF45 for the conductance-based, aeif and hh
/// models; forward Euler for izhikevich) against NEST 3.10 (`../shared/reference/single/`), with
/// the criteria: the same number of spikes, each within one step (0.1 ms) of NEST's, and
/// |ΔV_m| ≤ 0.1 mV at every sample more than 1 ms away from any spike, NEST's or ours. Near a
/// spike a one-step difference in spike time makes V_m differ by the whole spike height, so those
/// samples say nothing about the subthreshold dynamics.
final class OdeModelReferenceTests: XCTestCase {
    /// The bound on V_m away from spikes.
    static let voltageTolerance = 0.1
    /// Samples within this many steps (1 ms) of a spike are not compared.
    static let spikeWindowSteps = 10

    func check(_ model: any NeuronModel.Type, _ scenario: String) throws {
        let reference = try ReferenceCase(model.name, scenario)
        let run = try BlockDriver(model, reference)
        let label = "\(model.name) \(scenario)"
        let h = reference.resolution
        // One step; the spike times are grid times printed with one decimal, so 1e-9 ms only
        // absorbs their binary representation.
        assertSpikesMatch(run.spikes, reference.spikes, tolerance: h + 1e-9, label)
        let worstSpikeSteps = zip(run.spikes, reference.spikes).map { Int((abs($0 - $1) / h).rounded()) }.max() ?? 0

        let times = reference.trace["time_ms"]!
        let spikeSteps = (run.spikes + reference.spikes).map { Int(($0 / h).rounded()) }
        let compared = times.indices.filter { k in
            let step = Int((times[k] / h).rounded())
            return spikeSteps.allSatisfy { abs($0 - step) > Self.spikeWindowSteps }
        }
        var summary = "\(label): \(run.spikes.count) spikes (NEST \(reference.spikes.count)), "
            + "worst spike-time difference \(worstSpikeSteps) steps; \(compared.count) of \(times.count) samples compared:"
        for name in reference.recordedNames {
            let expected = reference.trace[name]!
            let got = try XCTUnwrap(run.trace[name], "\(label): \(name) not recordable")
            XCTAssertEqual(got.count, expected.count, "\(label): \(name) samples")
            guard got.count == expected.count,
                let worst = compared.max(by: { abs(got[$0] - expected[$0]) < abs(got[$1] - expected[$1]) })
            else { continue }
            let delta = abs(got[worst] - expected[worst])
            let deltaAll = zip(got, expected).map { abs($0 - $1) }.max() ?? 0
            summary += " max |Δ\(name)| = \(formatDelta(delta)) (all samples \(formatDelta(deltaAll)));"
            // The bound for V_m. The other variables have none; they are held to the same
            // relative scale (0.1 mV of a ~100 mV range) of their own largest value.
            let tolerance = name == "V_m"
                ? Self.voltageTolerance : 1e-3 * max(1, expected.map(abs).max() ?? 1)
            XCTAssertLessThanOrEqual(
                delta, tolerance, "\(label): \(name) at t = \(times[worst]) ms: \(got[worst]) vs NEST \(expected[worst])")
        }
        print(summary)
    }

    func testIafCondExp() throws {
        try check(IafCondExp.self, "dc")
        try check(IafCondExp.self, "spikes")
    }

    func testIafCondAlpha() throws {
        try check(IafCondAlpha.self, "dc")
        try check(IafCondAlpha.self, "spikes")
    }

    func testAeifCondExp() throws {
        try check(AeifCondExp.self, "dc")
        try check(AeifCondExp.self, "spikes")
    }

    func testHhPscAlpha() throws {
        try check(HhPscAlpha.self, "dc")
        try check(HhPscAlpha.self, "spikes")
    }

    func testIzhikevich() throws {
        try check(Izhikevich.self, "dc")
        try check(Izhikevich.self, "spikes")
    }
}

private func formatDelta(_ x: Double) -> String {
    x == 0 ? "0" : String(format: "%.1e", x)
}
