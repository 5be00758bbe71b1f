import RealModule
import XCTest
@testable import HibanaModels

/// The shared adaptive integrator against closed-form solutions, and its step-size bookkeeping.
final class RKF45Tests: XCTestCase {
    /// dy/dt = -y / tau in lane 0, dy/dt = -y / (tau / 100) in lane 1 (fast), lanes 2, 3 unused.
    struct Decay: RKF45System {
        let tau: Double
        func derivative(_ y: SIMD4<Double>) -> SIMD4<Double> {
            SIMD4(-y[0] / tau, -y[1] / (tau / 100), 0, 0)
        }
    }

    /// Harmonic oscillator x'' = -ω² x as (x, v).
    struct Oscillator: RKF45System {
        let omega: Double
        func derivative(_ y: SIMD2<Double>) -> SIMD2<Double> { SIMD2(y[1], -omega * omega * y[0]) }
    }

    func testDecayMatchesExponential() {
        let tau = 5.0
        var y = SIMD4<Double>(1, 1, 0, 0)
        var h = 0.1
        for _ in 0..<100 {
            RKF45.integrate(Decay(tau: tau), over: 0.1, h: &h, y: &y, control: .y(absolute: 1e-6, relative: 0))
        }
        // Local errors are held below 1e-6 per accepted step; 100 steps of 0.1 ms stay well inside 1e-5.
        XCTAssertEqual(y[0], Double.exp(-10 / tau), accuracy: 1e-5)
        XCTAssertEqual(y[1], 0, accuracy: 1e-5)
    }

    func testOscillatorOverManyPeriods() {
        let omega = 2 * Double.pi  // period 1 ms
        var y = SIMD2<Double>(1, 0)
        var h = 0.1
        for _ in 0..<100 {
            RKF45.integrate(Oscillator(omega: omega), over: 0.1, h: &h, y: &y, control: .y(absolute: 1e-8, relative: 0))
        }
        // 10 periods: back at (1, 0); the tolerance allows the error accumulated over ~10^3 steps.
        XCTAssertEqual(y[0], 1, accuracy: 1e-5)
        XCTAssertEqual(y[1], 0, accuracy: 1e-4)
    }

    /// GSL's evolve: the last step of an interval is cut to fit, but the suggestion kept for the
    /// next interval grows from it at most 5-fold; a stiff component forces the size down.
    func testStepSizeBookkeeping() {
        var y = SIMD4<Double>(1, 0, 0, 0)
        var h = 0.1
        RKF45.integrate(Decay(tau: 100), over: 0.1, h: &h, y: &y, control: .y(absolute: 1e-3, relative: 0))
        XCTAssertEqual(h, 0.5, "a smooth solution lets the kept step grow 5-fold")
        RKF45.integrate(Decay(tau: 100), over: 0.1, h: &h, y: &y, control: .y(absolute: 1e-3, relative: 0))
        XCTAssertEqual(h, 0.5, "the kept step does not shrink because the interval is shorter")

        var fast = SIMD4<Double>(0, 100, 0, 0)
        var hFast = 0.1
        RKF45.integrate(Decay(tau: 1), over: 0.1, h: &hFast, y: &fast, control: .y(absolute: 1e-6, relative: 0))
        XCTAssertLessThan(hFast, 0.1)
        XCTAssertEqual(fast[1], 100 * Double.exp(-10), accuracy: 1e-5)
    }
}
