import Foundation
import XCTest
import Hibana

/// Current devices against closed forms, using NEST's timing: a current emitted in step k
/// arrives after the delay and acts on V_m from the following step on.
final class DeviceTests: XCTestCase {
    /// V_m of one iaf_psc_exp neuron sampled every step, driven by one current device.
    func trace(_ device: String, _ params: [String: ParameterValue], weight: Double = 1, delay: Double = 1,
               neuron: [String: ParameterValue] = [:], duration: Double = 100) throws -> [Double] {
        var net = Network()
        let cell = try net.population("iaf_psc_exp", count: 1, neuron)
        let source = try net.device(device, params)
        try net.connect(source, cell, weight: .constant(weight), delay: .constant(delay))
        let meter = net.record(["V_m"], from: cell, interval: 0.1)
        return try net.simulate(duration, threads: 1).multimeter(meter).values["V_m"]![0]
    }

    /// Subthreshold response to a current step of `amplitude` switched on at time `on` (ms).
    func response(_ t: Double, on: Double, amplitude: Double) -> Double {
        t <= on ? 0 : amplitude * 10 / 250 * (1 - exp(-(t - on) / 10))
    }

    func testDCGeneratorActsAfterDelayAndOneStep() throws {
        // Active from start = 10 ms: emitted in the step ending at 10.1, arrives 1 ms later, acts from 11.1 ms.
        let vm = try trace("dc_generator", ["amplitude": 100, "start": 10, "stop": 50], weight: 2)
        for (k, v) in vm.enumerated() {
            let t = Double(k + 1) * 0.1
            let expected = response(t, on: 11.1, amplitude: 200) - response(t, on: 51.1, amplitude: 200)
            XCTAssertEqual(v + 70, expected, accuracy: 1e-9, "t = \(t)")
        }
    }

    func testStepCurrentGenerator() throws {
        let vm = try trace(
            "step_current_generator", ["amplitude_times": .list([20, 60]), "amplitude_values": .list([150, -50])],
            delay: 0.1)
        // A change at time t applies to the steps ending after t; with delay one step and NEST's one-step latency, from t + 0.2 on.
        for (k, v) in vm.enumerated() {
            let t = Double(k + 1) * 0.1
            let expected = response(t, on: 20.2, amplitude: 150) + response(t, on: 60.2, amplitude: -200)
            XCTAssertEqual(v + 70, expected, accuracy: 1e-9, "t = \(t)")
        }
    }

    func testNoiseGeneratorIsIndependentGaussianPerTarget() throws {
        // Without leak, V_m integrates the current: after n redraws of dt, V = (dt/C) Σ I_i, so across
        // targets V has mean n·dt·mean/C and variance n·(dt·std/C)².
        let (targets, mean, std, dt, duration) = (2000, 50.0, 200.0, 1.0, 100.0)
        var net = Network(seed: 5)
        let cells = try net.population(
            "iaf_psc_exp", count: targets, ["tau_m": 1e15, "C_m": 1, "V_th": 1e12, "E_L": 0, "V_m": 0, "V_reset": 0])
        let noise = try net.device("noise_generator", ["mean": .value(mean), "std": .value(std), "dt": .value(dt)])
        try net.connect(noise, cells, weight: .constant(1), delay: .constant(0.1))
        let meter = net.record(["V_m"], from: cells, interval: duration + 0.2)
        let values = try net.simulate(duration + 0.2, threads: 2).multimeter(meter).values["V_m"]!.map { $0[0] }
        let n = duration / dt
        let sampleMean = values.reduce(0, +) / Double(targets)
        let sampleVariance = values.map { ($0 - sampleMean) * ($0 - sampleMean) }.reduce(0, +) / Double(targets - 1)
        let expectedMean = n * dt * mean
        let expectedVariance = n * (dt * std) * (dt * std)
        // Five standard errors of the mean and of the variance (Gaussian sums: SE_var = σ² √(2/N)).
        XCTAssertEqual(sampleMean, expectedMean, accuracy: 5 * (expectedVariance / Double(targets)).squareRoot())
        XCTAssertEqual(sampleVariance, expectedVariance, accuracy: 5 * expectedVariance * (2 / Double(targets)).squareRoot())
    }

    func testSpikeGeneratorWeightsAndWindow() throws {
        var net = Network()
        let cell = try net.population("iaf_psc_delta", count: 1, ["tau_m": 1e15, "V_th": 1e9, "E_L": 0, "V_m": 0, "V_reset": 0])
        let source = try net.device(
            "spike_generator", ["spike_times": .list([1, 2, 3, 4]), "spike_weights": .list([1, 10, 100, 1000]), "start": 1.5, "stop": 3])
        try net.connect(source, cell, weight: .constant(0.5), delay: .constant(1))
        let meter = net.record(["V_m"], from: cell, interval: 10)
        // Only the spikes at 2 and 3 ms fall in (start, stop]: V = 0.5·(10 + 100).
        XCTAssertEqual(try net.simulate(10, threads: 1).multimeter(meter).values["V_m"]![0][0], 55, accuracy: 1e-9)
    }
}
