import XCTest
@testable import Hibana

/// The whole path — spike generators, static synapses with delay, the engine's ring buffers and
/// min-delay cycles, multimeter and spike recorder — against NEST's single-neuron references.
final class EngineReferenceTests: XCTestCase {
    /// Builds the reference experiment as a user would, and returns the recordings.
    func simulate(_ reference: ReferenceCase, threads: Int = 1) throws -> (MultimeterData, SpikeEvents) {
        let model = try ModelCatalog.neuron(named: reference.model)
        var net = Network(resolution: reference.resolution, seed: 1)
        let params = reference.parameters(for: model.parameters.map(\.key)).mapValues { ParameterValue.value($0) }
        let cell = try net.population(reference.model, count: 1, params)
        for input in reference.inputs {
            let generator = try net.device("spike_generator", ["spike_times": .list(input.times)])
            try net.connect(generator, cell, weight: .constant(input.weight), delay: .constant(input.delay))
        }
        let meter = net.record(reference.recordedNames, from: cell, interval: reference.resolution)
        let recorder = net.recordSpikes(cell)
        let run = try net.simulate(reference.simulatedMs, threads: threads)
        return (try run.multimeter(meter), try run.spikes(recorder))
    }

    func testExactModelsThroughTheEngine() throws {
        for model in ["iaf_psc_delta", "iaf_psc_exp", "iaf_psc_alpha"] {
            for scenario in ["dc", "spikes"] {
                let reference = try ReferenceCase(model, scenario)
                let (trace, spikes) = try simulate(reference)
                let label = "\(model) \(scenario)"
                XCTAssertEqual(trace.times.count, reference.trace["time_ms"]!.count, label)
                assertSpikesMatch(spikes.times, reference.spikes, tolerance: reference.resolution / 2, label)
                // |ΔV_m| ≤ 1e-4 mV at every sample: exact integration leaves only rounding.
                let vm = try XCTUnwrap(trace.trace("V_m", sender: 1))
                let worst = zip(vm, reference.trace["V_m"]!).map { abs($0 - $1) }.max()!
                XCTAssertLessThanOrEqual(worst, 1e-4, "\(label): worst |ΔV_m|")
            }
        }
    }

    /// The ODE-solved models through the engine, with the criteria: same spike count, each
    /// spike within one step, |ΔV_m| ≤ 0.1 mV at samples more than 1 ms from any spike.
    func testOdeModelsThroughTheEngine() throws {
        for model in ["iaf_cond_exp", "iaf_cond_alpha", "aeif_cond_exp", "hh_psc_alpha", "izhikevich"] {
            for scenario in ["dc", "spikes"] {
                let reference = try ReferenceCase(model, scenario)
                let (trace, spikes) = try simulate(reference, threads: 2)
                let label = "\(model) \(scenario)"
                assertSpikesMatch(spikes.times, reference.spikes, tolerance: reference.resolution + 1e-9, label)
                let vm = try XCTUnwrap(trace.trace("V_m", sender: 1))
                let times = reference.trace["time_ms"]!
                let nearSpike = { (t: Double) in (reference.spikes + spikes.times).contains { abs($0 - t) <= 1.0 } }
                let worst = zip(times, zip(vm, reference.trace["V_m"]!)).filter { !nearSpike($0.0) }
                    .map { abs($0.1.0 - $0.1.1) }.max() ?? 0
                XCTAssertLessThanOrEqual(worst, 0.1, "\(label): worst |ΔV_m| away from spikes")
            }
        }
    }
}
