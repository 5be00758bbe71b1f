import Hibana
import HibanaRandom
import XCTest

/// `StdpSynapse.update4` runs four synapses in SIMD lanes with selects where `update` branches:
/// it must give the same bits as four `update` calls, including where it falls back to them.
final class StdpLanesTests: XCTestCase {
    func testLanesGiveTheBitsOfScalarUpdates() throws {
        // Additive and multiplicative potentiation and depression, a negative Wmax (inhibitory
        // weights), and a general exponent (which takes the fallback).
        let cases: [(muPlus: Double, muMinus: Double, wMax: Double)] = [(0, 1, 2), (1, 1, 2), (0, 0, -3), (1, 0, 5), (0.5, 1, 2)]
        for c in cases {
            let table = try ParameterResolution.resolve(
                model: StdpSynapse.name, specs: StdpSynapse.parameters,
                given: ["mu_plus": .value(c.muPlus), "mu_minus": .value(c.muMinus), "Wmax": .value(c.wMax), "lambda": 0.05, "alpha": 1.1],
                total: 1, first: 0, count: 1, gid0: 0, seed: 1, family: 0)
            let rule = StdpSynapse(parameters: table, resolution: 0.1)
            var random = RandomStream(seed: 11, purpose: .initialValues, family: 0, id: 0)
            // 64 neurons with spike trains of different rates, some silent: windows hold 0 to many spikes.
            let history = PostSpikeHistory(
                tauMinus: Array(repeating: 20, count: 64), incoming: Array(repeating: 1, count: 64), resolution: 0.1,
                keepSteps: 100)
            for n in 0..<64 where n % 9 != 0 {
                var t = 0
                while true {
                    t += 1 + Int(random.uniform() * Double(20 * (1 + n % 7)))
                    if t > 3000 { break }
                    history.record(neuron: n, stamp: t)
                }
            }
            var compared = 0
            for trial in 0..<400 {
                let last = trial % 5 == 0 ? -1 : 2000 + Int(random.uniform() * 900)
                let stamp = Swift.max(last, 2000) + 1 + Int(random.uniform() * (trial % 7 == 0 ? 4000 : 150))
                let delay = 1 + Int(random.uniform() * 30)
                var source = [random.uniform() * 3]
                let targets = (0..<4).map { _ in UInt32(random.uniform() * 64) }
                let initial = (0..<4).map { _ in c.wMax * random.uniform() }
                var lanes = initial, scalar = initial
                var none: [Double] = [0]
                let spike = source.withUnsafeMutableBufferPointer { rule.begin($0.baseAddress!, last: last, stamp: stamp) }
                let delivered = targets.withUnsafeBufferPointer { t in
                    none.withUnsafeMutableBufferPointer { state in
                        (
                            lanes.withUnsafeMutableBufferPointer {
                                rule.update4(
                                    weights: $0.baseAddress!, state.baseAddress!, stride: 0, spike, targets: t.baseAddress!, delay: delay,
                                    history: history)
                            },
                            scalar.withUnsafeMutableBufferPointer {
                                rule.updateEach(
                                    weights: $0.baseAddress!, state.baseAddress!, stride: 0, spike, targets: t.baseAddress!, delay: delay,
                                    history: history)
                            }
                        )
                    }
                }
                for j in 0..<4 {
                    XCTAssertEqual(lanes[j].bitPattern, scalar[j].bitPattern, "mu \(c.muPlus)/\(c.muMinus), trial \(trial), lane \(j)")
                    XCTAssertEqual(delivered.0[j].bitPattern, delivered.1[j].bitPattern)
                }
                compared += zip(lanes, initial).filter { $0 != $1 }.count
            }
            XCTAssertGreaterThan(compared, 800, "the weights changed: the updates did something to compare")
        }
    }
}
