import XCTest
@testable import HibanaOutput

/// The run summary's statistics against hand-computed cases and the known values of regular and
/// Poisson firing.
final class SpikeStatisticsTests: XCTestCase {
    /// SplitMix64: a small deterministic generator for test data.
    struct TestRandom {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return (Double(z >> 11) + 0.5) / 9_007_199_254_740_992
        }
        /// Exponentially distributed with the given mean.
        mutating func exponential(mean: Double) -> Double { -mean * log(uniform()) }
    }

    /// A Poisson spike train of `rate` Hz over `duration` ms.
    func poissonTrain(rate: Double, duration: Double, _ random: inout TestRandom) -> [Double] {
        var train: [Double] = []
        var t = random.exponential(mean: 1000 / rate)
        while t < duration {
            train.append(t)
            t += random.exponential(mean: 1000 / rate)
        }
        return train
    }

    func testRegularTrainHasZeroCV() {
        let train = (1...100).map { Double($0) * 10 }
        XCTAssertEqual(SpikeStatistics.cv(ofTrain: train), 0)
    }

    func testCVOfHandComputedIntervals() {
        // ISIs 1 and 3: mean 2, standard deviation (divisor n) 1.
        XCTAssertEqual(SpikeStatistics.cv(ofTrain: [0, 1, 4])!, 0.5, accuracy: 1e-15)
        // Fewer than two ISIs: undefined.
        XCTAssertNil(SpikeStatistics.cv(ofTrain: []))
        XCTAssertNil(SpikeStatistics.cv(ofTrain: [3]))
        XCTAssertNil(SpikeStatistics.cv(ofTrain: [3, 5]))
    }

    func testPoissonTrainHasCVNearOne() {
        var random = TestRandom(state: 7)
        let train = poissonTrain(rate: 20, duration: 1_000_000, &random)
        XCTAssertGreaterThan(train.count, 19_000)
        // The CV of n exponential ISIs has a standard error of about 1/√n ≈ 0.007; 0.03 is four of them.
        XCTAssertEqual(SpikeStatistics.cv(ofTrain: train)!, 1, accuracy: 0.03)
    }

    func testBinCountsUseHalfOpenBinsAndCompleteBinsOnly() {
        // Bins [0, 5) and [5, 10); 10 and 12 lie after the last complete bin of a 12 ms run.
        XCTAssertEqual(SpikeStatistics.binCounts([0, 4.999, 5, 9.9, 10, 12], binWidth: 5, duration: 12), [2, 2])
        XCTAssertEqual(SpikeStatistics.binCounts([1, 2], binWidth: 5, duration: 4), [])
    }

    func testFanoFactorOfHandComputedCounts() {
        XCTAssertEqual(SpikeStatistics.fanoFactor([4, 4, 4, 4]), 0, "a constant count")
        // Mean 1, variance 1.
        XCTAssertEqual(SpikeStatistics.fanoFactor([0, 2])!, 1, accuracy: 1e-15)
        // Mean 2, variance 1.
        XCTAssertEqual(SpikeStatistics.fanoFactor([1, 3])!, 0.5, accuracy: 1e-15)
        XCTAssertNil(SpikeStatistics.fanoFactor([0, 0, 0]), "no spikes")
        XCTAssertNil(SpikeStatistics.fanoFactor([5]), "one bin")
    }

    func testIndependentPoissonNeuronsHaveFanoFactorNearOne() {
        var random = TestRandom(state: 11)
        let trains = (0..<100).map { _ in poissonTrain(rate: 10, duration: 10_000, &random) }
        let statistics = SpikeStatistics(trains: trains, duration: 10_000)
        // 2000 bins: the sample Fano factor of Poisson counts has a standard error of about √(2/2000) ≈ 0.03.
        XCTAssertEqual(statistics.fanoFactor!, 1, accuracy: 0.15)
        XCTAssertEqual(statistics.meanRate!, 10, accuracy: 0.3, "100 neurons × 100 s at 10 Hz: SE ≈ 0.1 Hz")
        XCTAssertEqual(statistics.meanCV!, 1, accuracy: 0.05)
    }

    func testSynchronousVolleysHaveALargeFanoFactor() {
        // 50 neurons firing together every 50 ms: counts are 50 in one bin of ten, 0 elsewhere.
        let trains = (0..<50).map { _ in (0..<20).map { Double($0) * 50 + 1 } }
        let statistics = SpikeStatistics(trains: trains, duration: 1000)
        // Mean 5, variance 0.1 · 50² − 5² = 225.
        XCTAssertEqual(statistics.fanoFactor!, 45, accuracy: 1e-9)
        XCTAssertEqual(statistics.meanCV, 0)
    }

    func testPopulationStatisticsOfAHandComputedCase() {
        let trains: [[Double]] = [[10, 20, 30, 40], [5, 15, 45], []]
        let s = SpikeStatistics(trains: trains, duration: 50)
        XCTAssertEqual(s.neurons, 3)
        XCTAssertEqual(s.spikes, 7)
        // 7 spikes / (3 neurons × 0.05 s); the silent neuron counts in the rate.
        XCTAssertEqual(s.meanRate!, 7 / 0.15, accuracy: 1e-12)
        // CVs 0 and 0.5 (ISIs 10 and 30), the silent neuron has none.
        XCTAssertEqual(s.cvNeurons, 2)
        XCTAssertEqual(s.meanCV!, 0.25, accuracy: 1e-15)
        // Counts in ten 5 ms bins: [0,1,1,1,1,0,1,0,1,1]: mean 0.7, variance 0.7 − 0.49 = 0.21.
        XCTAssertEqual(s.fanoFactor!, 0.3, accuracy: 1e-12)
    }

    func testNothingRecorded() {
        let s = SpikeStatistics(trains: [], duration: 100)
        XCTAssertNil(s.meanRate)
        XCTAssertNil(s.meanCV)
        XCTAssertNil(s.fanoFactor)
        XCTAssertEqual(SpikeStatistics(trains: [[], []], duration: 100).meanRate, 0)
    }
}
