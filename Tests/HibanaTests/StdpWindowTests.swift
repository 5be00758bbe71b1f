import XCTest
import Hibana

/// The STDP window (weight change against the pre–post interval) has the published shape
/// (Bi & Poo 1998; Song et al. 2000): potentiation A+ exp(-Δ/τ+) when the post spike follows the
/// pre spike at the synapse (Δ = t_post + d − t_pre > 0), depression −A− exp(Δ/τ−) otherwise.
/// With additive stdp_synapse (mu = 0) one pairing gives exactly A+ = lambda Wmax and
/// A− = alpha lambda Wmax, so the window's amplitudes and time constants are recovered by a
/// log-linear fit.
final class StdpWindowTests: XCTestCase {
    func testWindowShapeAndTimeConstants() throws {
        let tauPlus = 16.8, tauMinus = 33.7  // Bi & Poo (1998) fits, as used by Song et al. (2000)
        let lambda = 0.005, alpha = 1.05, wMax = 100.0, w0 = 50.0, delay = 1.0
        let dts = stride(from: -60.0, through: 60.0, by: 5.0).map { $0 }
        var net = Network(resolution: 0.1, seed: 1)
        var projections: [Network.Projection] = []
        for (i, dt) in dts.enumerated() {
            // One pairing at 100 ms, then a readout pre spike 900 ms later (NEST applies potentiation there).
            let pre = try net.parrot(spikingAt: [100, 1000], name: "pre\(i)")
            let post = try net.parrot(spikingAt: [100 + dt], name: "post\(i)")
            projections.append(try net.connect(
                pre, post,
                synapse: .init(
                    "stdp_synapse", ["tau_plus": tauPlus, "lambda": lambda, "alpha": alpha, "mu_plus": 0, "mu_minus": 0, "Wmax": wMax],
                    receptorType: 1),
                weight: .constant(w0), delay: .constant(delay)))
        }
        var postSpecs = net.spec
        for p in postSpecs.populations.indices where postSpecs.populations[p].name.hasPrefix("post") {
            postSpecs.populations[p].parameters["tau_minus"] = .value(tauMinus)
        }
        let run = try Simulation(NetworkBuilder.build(postSpecs, threads: 1))
        try run.run(1010)
        let dw = projections.map { run.weights(projection: $0.index).weights[0] - w0 }
        var potentiation: [(Double, Double)] = [], depression: [(Double, Double)] = []
        for (dt, change) in zip(dts, dw) {
            let interval = dt + delay  // the whole delay is dendritic
            if interval > 0 {
                XCTAssertGreaterThan(change, 0, "post after pre (Δ = \(interval) ms) potentiates")
                potentiation.append((interval, log(change)))
            } else if interval < 0 {
                XCTAssertLessThan(change, 0, "pre after post (Δ = \(interval) ms) depresses")
                depression.append((interval, log(-change)))
            }
        }
        let (slopePlus, interceptPlus) = fit(potentiation)
        let (slopeMinus, interceptMinus) = fit(depression)
        // Exact exponentials: only rounding separates the fit from the parameters.
        XCTAssertEqual(-1 / slopePlus, tauPlus, accuracy: 1e-6 * tauPlus)
        XCTAssertEqual(1 / slopeMinus, tauMinus, accuracy: 1e-6 * tauMinus)
        XCTAssertEqual(exp(interceptPlus), lambda * wMax, accuracy: 1e-6 * lambda * wMax)
        XCTAssertEqual(exp(interceptMinus), alpha * lambda * wMax, accuracy: 1e-6 * lambda * wMax)
    }

    /// Least-squares line through (x, y).
    func fit(_ points: [(Double, Double)]) -> (slope: Double, intercept: Double) {
        let n = Double(points.count)
        let mx = points.map(\.0).reduce(0, +) / n, my = points.map(\.1).reduce(0, +) / n
        let sxy = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +)
        let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
        return (sxy / sxx, my - sxy / sxx * mx)
    }
}
