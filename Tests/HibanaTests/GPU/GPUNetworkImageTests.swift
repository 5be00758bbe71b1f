import XCTest
import Hibana
@testable import HibanaBuild
@testable import HibanaEngineCUDA

/// The host-side GPU layout (no GPU needed): every synapse of every shard appears once in the
/// merged CSR, keyed by global ids, and device links are grouped by target in device order.
final class GPUNetworkImageTests: XCTestCase {
    func network(threads: Int) throws -> BuiltNetwork {
        var net = Network(seed: 3)
        let e = try net.population("iaf_psc_exp", count: 40, ["V_m": .distribution(.uniform(min: -70, max: -55))])
        let i = try net.population("iaf_psc_delta", count: 13)
        try net.connect(e, i, rule: .fixedIndegree(5), weight: .constant(20), delay: .uniform(min: 0.5, max: 2))
        try net.connect(i, e, rule: .pairwiseBernoulli(p: 0.3), weight: .constant(-1.5), delay: .constant(1))
        try net.connect(e, e, rule: .fixedIndegree(4), weight: .normal(mean: 10, std: 2), delay: .constant(1.5))
        let noise = try net.device("poisson_generator", ["rate": 8000])
        let dc = try net.device("dc_generator", ["amplitude": 30])
        try net.connect(noise, e, weight: .constant(5), delay: .constant(0.1))
        try net.connect(dc, e, weight: .constant(1), delay: .constant(0.1))
        try net.connect(noise, i, weight: .constant(0.1), delay: .constant(0.1))
        return try NetworkBuilder.build(net.spec, threads: threads)
    }

    /// (source, target, weight bits, delay) of every synapse.
    func edges(_ image: GPUNetworkImage) -> [[UInt64]] {
        var out: [[UInt64]] = []
        for s in 0..<(image.offsets.count - 1) {
            for k in Int(image.offsets[s])..<Int(image.offsets[s + 1]) {
                let word = image.word(k)
                out.append([UInt64(s), UInt64(image.packing.target(word)), UInt64(image.weights[k].bitPattern),
                            UInt64(image.packing.delay(word))])
            }
        }
        return out.sorted { $0.lexicographicallyPrecedes($1) }
    }

    func testLayoutIsTheSameForAnyThreadCount() throws {
        let one = try GPUNetworkImage(try network(threads: 1))
        let three = try GPUNetworkImage(try network(threads: 3))
        XCTAssertEqual(one.neuronCount, 53)
        XCTAssertEqual(edges(one), edges(three))
        XCTAssertEqual(edges(one).count, try network(threads: 1).synapseCount)
        XCTAssertEqual(one.linkStart, three.linkStart)
        XCTAssertEqual(one.linkDevice, three.linkDevice)
        XCTAssertEqual(one.streams, three.streams, "each link keeps its target's stream")
        XCTAssertEqual(one.populations.map(\.count), [40, 13])
        for (a, b) in zip(one.populations, three.populations) {
            XCTAssertEqual(a.constants, b.constants)
            for (x, y) in zip(a.state, b.state) { XCTAssertEqual("\(x)", "\(y)") }
        }
    }

    func testDeviceLinksAreGroupedByTargetInDeviceOrder() throws {
        let image = try GPUNetworkImage(try network(threads: 2))
        XCTAssertEqual(image.linkStart.count, 54)
        for g in 0..<40 {
            let links = Int(image.linkStart[g])..<Int(image.linkStart[g + 1])
            XCTAssertEqual(links.map { image.linkDevice[$0] }, [0, 1], "neuron \(g): Poisson, then DC")
        }
        for g in 40..<53 { XCTAssertEqual(image.linkStart[g + 1] - image.linkStart[g], 1) }
        XCTAssertEqual(image.deviceRecords.count, 6, "two devices of three words")
        XCTAssertEqual(image.linkRecords.count, 2 * image.linkDevice.count)
        XCTAssertEqual(image.packing.targetBits, 6, "53 neurons: ids need 6 bits")
    }

    /// Edges carry their delays through the packed word: the network's delays (0.5–2 ms, 1,
    /// 1.5 ms at 0.1 ms) and each host synapse's delay as the CPU store holds it.
    func testPackedWordsKeepEveryDelay() throws {
        let network = try network(threads: 2)
        let delays = Set(edges(try GPUNetworkImage(network)).map { Int($0[3]) })
        XCTAssert(delays.isSubset(of: Set(5...20)), "\(delays.sorted())")
        XCTAssert(delays.contains(10) && delays.contains(15) && delays.count > 8, "\(delays.sorted())")
    }

    func testPackingUsesTheFewestBits() throws {
        for (neurons, bits) in [(1, 1), (2, 1), (3, 2), (64, 6), (65, 7), (77_169, 17), (131_072, 17), (131_073, 18)] {
            XCTAssertEqual(SynapsePacking(neuronCount: neurons, longestDelay: 1)?.targetBits, bits, "\(neurons) neurons")
        }
        // The full microcircuit: 17 + 7 bits (delays capped at 7.5 ms) fit 3 bytes.
        let p = try XCTUnwrap(SynapsePacking(neuronCount: 77_169, longestDelay: 75))
        XCTAssertFalse(p.wide)
        XCTAssertEqual(p.bytesPerSynapse, 7)
        XCTAssertEqual(p.maxDelay, 127)
        let word = p.word(target: 77_168, delay: 127)
        XCTAssertEqual(p.target(word), 77_168)
        XCTAssertEqual(p.delay(word), 127)
        XCTAssertLessThan(word, 1 << 24)
        let wide = try XCTUnwrap(SynapsePacking(neuronCount: 77_169, longestDelay: 128))
        XCTAssert(wide.wide)
        XCTAssertEqual(wide.maxDelay, 32_767)
        XCTAssertNil(SynapsePacking(neuronCount: 1 << 20, longestDelay: 1 << 13), "20 + 14 bits do not fit")
    }
}
