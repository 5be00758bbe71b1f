import Foundation
import XCTest
import Hibana

/// Closed-form results of linear integrate-and-fire dynamics. Exact integration must reproduce
/// them to rounding (1e-9 mV below), on the grid.
final class AnalyticTests: XCTestCase {
    /// One neuron, one input spike at `spikeAt` ms through a synapse of `weight` and delay 1 ms,
    /// V_m sampled every step.
    func psp(_ model: String, _ params: [String: ParameterValue], weight: Double, duration: Double = 60)
        throws -> (times: [Double], vm: [Double])
    {
        var net = Network(resolution: 0.1, seed: 1)
        let cell = try net.population(model, count: 1, params)
        let input = try net.device("spike_generator", ["spike_times": .list([2.0])])
        try net.connect(input, cell, weight: .constant(weight), delay: .constant(1.0))
        let meter = net.record(["V_m"], from: cell, interval: 0.1)
        let data = try net.simulate(duration, threads: 1).multimeter(meter)
        XCTAssertEqual(data.times.count, Int((duration / 0.1).rounded()), "one sample per step")
        return (data.times, data.values["V_m"]![0])
    }

    func testExponentialPSCPotentialMatchesClosedForm() throws {
        let (tauM, tauS, cM, w, eL) = (10.0, 2.0, 250.0, 100.0, -70.0)
        let run = try psp("iaf_psc_exp", ["tau_m": .value(tauM), "tau_syn_ex": .value(tauS), "C_m": .value(cM)], weight: w)
        // Input arrives at 3 ms; V(t) = w τm τs / (C (τm − τs)) (e^{−t/τm} − e^{−t/τs}).
        func v(_ t: Double) -> Double { t <= 0 ? 0 : w * tauM * tauS / (cM * (tauM - tauS)) * (exp(-t / tauM) - exp(-t / tauS)) }
        for (t, vm) in zip(run.times, run.vm) { XCTAssertEqual(vm - eL, v(t - 3.0), accuracy: 1e-9, "t = \(t)") }
        let peakTime = log(tauM / tauS) * tauM * tauS / (tauM - tauS)
        let sampledPeak = run.times[run.vm.indices.max { run.vm[$0] < run.vm[$1] }!] - 3.0
        XCTAssertEqual(sampledPeak, peakTime, accuracy: 0.05 + 1e-9, "peak on the nearest grid point")
        XCTAssertEqual(run.vm.max()! - eL, v(peakTime), accuracy: v(peakTime) * 1e-3, "amplitude within grid sampling")
    }

    func testEqualTimeConstantsAreNotSingular() throws {
        // τm = τs: the limit V(t) = w t e^{−t/τ} / C.
        let (tau, cM, w, eL) = (5.0, 250.0, 100.0, -70.0)
        for (model, scale) in [("iaf_psc_exp", 1.0)] {
            let run = try psp(model, ["tau_m": .value(tau), "tau_syn_ex": .value(tau)], weight: w)
            for (t, vm) in zip(run.times, run.vm) where t > 3 {
                let s = t - 3
                XCTAssertEqual(vm - eL, scale * w * s * exp(-s / tau) / cM, accuracy: 1e-9, "t = \(t)")
            }
        }
    }

    func testAlphaPSCPotentialMatchesClosedForm() throws {
        let (tauM, tauS, cM, w, eL) = (10.0, 2.0, 250.0, 100.0, -70.0)
        let run = try psp("iaf_psc_alpha", [:], weight: w)
        // I(s) = w e s/τs e^{−s/τs}; V = (1/C) ∫ e^{−(t−s)/τm} I(s) ds, with a = 1/τm − 1/τs.
        let a = 1 / tauM - 1 / tauS
        func v(_ t: Double) -> Double {
            guard t > 0 else { return 0 }
            let integral = (exp(a * t) * (a * t - 1) + 1) / (a * a)
            return w * M_E / tauS / cM * exp(-t / tauM) * integral
        }
        for (t, vm) in zip(run.times, run.vm) { XCTAssertEqual(vm - eL, v(t - 3.0), accuracy: 1e-9, "t = \(t)") }
    }

    func testDeltaPSPJumpsAndDecays() throws {
        let run = try psp("iaf_psc_delta", [:], weight: 2.0)
        for (t, vm) in zip(run.times, run.vm) {
            let expected = t < 3 - 1e-9 ? 0 : 2.0 * exp(-(t - 3) / 10)
            XCTAssertEqual(vm + 70, expected, accuracy: 1e-9, "t = \(t)")
        }
    }

    func testSubthresholdRelaxation() throws {
        var net = Network()
        let cell = try net.population("iaf_psc_exp", count: 1, ["V_m": -60, "tau_m": 15])
        let meter = net.record(["V_m"], from: cell, interval: 0.5)
        let data = try net.simulate(100, threads: 1).multimeter(meter)
        XCTAssertEqual(data.times.count, 200)
        for (t, vm) in zip(data.times, data.values["V_m"]![0]) {
            XCTAssertEqual(vm, -70 + 10 * exp(-t / 15), accuracy: 1e-9, "t = \(t)")
        }
    }

    /// Time for V to climb from V_reset to V_th under current I: τm ln(IR / (IR − (V_th − V_reset))).
    func chargeTime(current: Double, tauM: Double = 10, cM: Double = 250, gap: Double = 15) -> Double {
        let drive = current * tauM / cM
        return tauM * log(drive / (drive - gap))
    }

    func testTimeToFirstSpikeUnderDC() throws {
        for current in [400.0, 500.0, 1000.0] {
            var net = Network()
            let cell = try net.population("iaf_psc_exp", count: 1, ["I_e": .value(current)])
            let recorder = net.recordSpikes(cell)
            let spikes = try net.simulate(50, threads: 1).spikes(recorder)
            // The spike is registered at the end of the step in which V crosses threshold.
            let expected = (chargeTime(current: current) / 0.1).rounded(.up) * 0.1
            XCTAssertEqual(spikes.times.first ?? .nan, expected, accuracy: 1e-9, "I_e = \(current) pA")
        }
    }

    func testFICurveOfIafPscDelta() throws {
        let currents = [376.0, 400.0, 500.0, 700.0, 1000.0]
        var net = Network()
        let cells = try net.population("iaf_psc_delta", count: currents.count, ["I_e": .list(currents)])
        let recorder = net.recordSpikes(cells)
        let spikes = try net.simulate(2000, threads: 2).spikes(recorder)
        for (i, current) in currents.enumerated() {
            // On the grid each interval is t_ref plus the charge time rounded up to whole steps.
            let interval = 2.0 + (chargeTime(current: current) / 0.1).rounded(.up) * 0.1
            let times = spikes.times(of: i + 1)
            let isis = zip(times.dropFirst(), times).map { $0 - $1 }
            XCTAssertFalse(isis.isEmpty, "I_e = \(current) pA fires")
            for isi in isis { XCTAssertEqual(isi, interval, accuracy: 1e-9, "I_e = \(current) pA") }
            // And the rate is that of the continuous-time f–I curve to within one step per interval.
            let continuous = 1000 / (2.0 + chargeTime(current: current))
            let rate = 1000 / interval
            XCTAssertEqual(rate, continuous, accuracy: continuous * 0.1 / interval + 1e-9, "I_e = \(current) pA")
        }
        XCTAssertTrue(spikes.times(of: 1).isEmpty || currents[0] * 10 / 250 > 15, "below rheobase no spikes")
    }

    func testPoissonGeneratorCountsHaveMeanAndVarianceOfPoisson() throws {
        // Each target integrates its own train without leak: V_m counts the spikes it received.
        let (targets, rate, duration) = (2000, 50.0, 1000.0)
        var net = Network(seed: 3)
        let cells = try net.population(
            "iaf_psc_delta", count: targets, ["tau_m": 1e15, "V_th": 1e9, "E_L": 0, "V_m": 0, "V_reset": 0])
        let source = try net.device("poisson_generator", ["rate": .value(rate)])
        try net.connect(source, cells, weight: .constant(1), delay: .constant(0.1))
        let meter = net.record(["V_m"], from: cells, interval: duration)
        let counts = try net.simulate(duration + 0.1, threads: 2).multimeter(meter).values["V_m"]!.map { $0[0].rounded() }
        let mean = counts.reduce(0, +) / Double(targets)
        let variance = counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(targets - 1)
        let expected = rate * duration / 1000
        // Standard error of the mean: sqrt(λ/n) = 0.16; of the variance about λ sqrt(2/n) = 1.6. Five of each.
        XCTAssertEqual(mean, expected, accuracy: 5 * (expected / Double(targets)).squareRoot())
        XCTAssertEqual(variance, expected, accuracy: 5 * expected * (2 / Double(targets)).squareRoot())
        XCTAssertEqual(Set(counts).count > 10, true, "targets get independent trains")
    }
}
