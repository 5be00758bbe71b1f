import RealModule

/// The right-hand side dy/dt = f(y) of a neuron's ODE system, for `RKF45`. The state is a small
/// SIMD vector (lanes beyond the model's dimension stay 0, and `derivative` must return 0 there),
/// so a whole step lives in registers: no heap allocation per neuron-step.
///
/// A model builds one value of its system per neuron and step, holding the constants and the
/// neuron's per-step inputs (I_stim, refractoriness) that NEST's dynamics function reads from
/// the node; the time argument of NEST's dynamics functions is never used, so there is none.
protocol RKF45System {
    associatedtype State: SIMD where State.Scalar == Double
    func derivative(_ y: State) -> State
}

/// GSL's standard step-size control (`gsl_odeiv_control_standard`): a step is acceptable when
/// every component's error estimate is at most D_i = eps_abs + eps_rel (a_y |y_i| + a_dydt h |y'_i|).
struct RKF45Control: Sendable {
    let epsAbs: Double
    let epsRel: Double
    let aY: Double
    let aDydt: Double

    /// `gsl_odeiv_control_y_new(eps_abs, eps_rel)`: error relative to the values (a_y = 1, a_dydt = 0).
    static func y(absolute: Double, relative: Double) -> RKF45Control {
        RKF45Control(epsAbs: absolute, epsRel: relative, aY: 1, aDydt: 0)
    }

    /// `gsl_odeiv_control_yp_new(eps_abs, eps_rel)`: error relative to the derivatives (a_y = 0, a_dydt = 1).
    static func yp(absolute: Double, relative: Double) -> RKF45Control {
        RKF45Control(epsAbs: absolute, epsRel: relative, aY: 0, aDydt: 1)
    }
}

/// Embedded Runge–Kutta–Fehlberg 4(5) with adaptive step size, reproducing the GSL routines NEST
/// integrates its nonlinear models with: `gsl_odeiv_step_rkf45` (fifth-order solution, error from
/// the difference to the fourth-order one), the standard control above, and
/// `gsl_odeiv_evolve_apply` (one accepted step, never past the end of the interval; a rejected
/// step is retried from the start with the smaller size). The suggested size returned in `h` is
/// kept per neuron and is the first try of the next call, as NEST keeps `IntegrationStep_`.
///
/// The system is a generic parameter so that each model's right-hand side is specialised and
/// inlined into its update loop (whole-module optimisation; the models live in this module).
enum RKF45 {
    /// `gsl_odeiv_evolve_apply`: advances `y` from `t` by one accepted step of at most `h`, never
    /// past `t1`; `t` becomes the new time (exactly `t1` on the final step of the interval) and
    /// `h` the size the control suggests for the next step.
    static func apply<S: RKF45System>(
        _ system: S, t: inout Double, until t1: Double, h: inout Double, y: inout S.State, control: RKF45Control
    ) {
        let t0 = t
        let dt = t1 - t0
        var h0 = h
        let dydtIn = system.derivative(y)
        while true {
            var finalStep = false
            if h0 >= dt {
                h0 = dt
                finalStep = true
                // t0 + (t1 - t0) may round past t1: back the step off until it cannot.
                while t0 + h0 > t1 { h0 = h0.nextDown }
            }
            let (yNew, yErr) = step(system, y, h0, dydtIn)
            t = finalStep ? t1 : t0 + h0
            let hOld = h0
            let dydtOut = control.aDydt == 0 ? S.State() : system.derivative(yNew)
            let decreased = adjust(control, yNew, yErr, dydtOut, &h0)
            if decreased {
                if abs(h0) < abs(hOld) && t + h0 != t {
                    continue  // rejected: retry from y with the smaller step
                }
                h0 = hOld
            }
            y = yNew
            h = h0
            return
        }
    }

    /// NEST's loop around `gsl_odeiv_evolve_apply`: integrates over (0, interval] in as many
    /// accepted steps as the control needs, starting with the step size `h` kept from the last call.
    static func integrate<S: RKF45System>(
        _ system: S, over interval: Double, h: inout Double, y: inout S.State, control: RKF45Control
    ) {
        var t = 0.0
        while t < interval {
            apply(system, t: &t, until: interval, h: &h, y: &y, control: control)
        }
    }

    /// One Runge–Kutta–Fehlberg step of size h (`rkf45_apply`): the fifth-order solution and the
    /// difference to the fourth-order one.
    @inline(__always)
    static func step<S: RKF45System>(_ system: S, _ y: S.State, _ h: Double, _ k1: S.State) -> (S.State, S.State) {
        // Fehlberg's coefficients (Hairer, Nørsett & Wanner 1993, table II.5.1), as in GSL;
        // typed constants keep the type checker fast.
        let a2: Double = 1.0 / 4.0
        let b31: Double = 3.0 / 32.0, b32: Double = 9.0 / 32.0
        let b41: Double = 1932.0 / 2197.0, b42: Double = -7200.0 / 2197.0, b43: Double = 7296.0 / 2197.0
        let b51: Double = 8341.0 / 4104.0, b52: Double = -32832.0 / 4104.0, b53: Double = 29440.0 / 4104.0
        let b54: Double = -845.0 / 4104.0
        let b61: Double = -6080.0 / 20520.0, b62: Double = 41040.0 / 20520.0, b63: Double = -28352.0 / 20520.0
        let b64: Double = 9295.0 / 20520.0, b65: Double = -5643.0 / 20520.0
        let c1: Double = 902880.0 / 7618050.0, c3: Double = 3953664.0 / 7618050.0
        let c4: Double = 3855735.0 / 7618050.0, c5: Double = -1371249.0 / 7618050.0, c6: Double = 277020.0 / 7618050.0
        // Differences of the fifth- and fourth-order weights, for the error estimate.
        let e1: Double = 1.0 / 360.0, e3: Double = -128.0 / 4275.0, e4: Double = -2197.0 / 75240.0
        let e5: Double = 1.0 / 50.0, e6: Double = 2.0 / 55.0

        let k2 = system.derivative(y + (a2 * h) * k1)
        var sum: S.State = b31 * k1
        sum += b32 * k2
        let k3 = system.derivative(y + h * sum)
        sum = b41 * k1
        sum += b42 * k2
        sum += b43 * k3
        let k4 = system.derivative(y + h * sum)
        sum = b51 * k1
        sum += b52 * k2
        sum += b53 * k3
        sum += b54 * k4
        let k5 = system.derivative(y + h * sum)
        sum = b61 * k1
        sum += b62 * k2
        sum += b63 * k3
        sum += b64 * k4
        sum += b65 * k5
        let k6 = system.derivative(y + h * sum)
        sum = c1 * k1
        sum += c3 * k3
        sum += c4 * k4
        sum += c5 * k5
        sum += c6 * k6
        let yNew = y + h * sum
        sum = e1 * k1
        sum += e3 * k3
        sum += e4 * k4
        sum += e5 * k5
        sum += e6 * k6
        let yErr = h * sum
        return (yNew, yErr)
    }

    /// The standard control's `hadjust`: sets `h` to the suggested size and returns whether the
    /// step must be decreased (the error exceeded 1.1 times the tolerance).
    @inline(__always)
    static func adjust<State: SIMD>(
        _ c: RKF45Control, _ y: State, _ yErr: State, _ dydt: State, _ h: inout Double
    ) -> Bool where State.Scalar == Double {
        let hOld = h
        var rmax = Double.leastNormalMagnitude
        for i in 0..<State.scalarCount {
            let d0 = c.epsRel * (c.aY * abs(y[i]) + c.aDydt * abs(hOld * dydt[i])) + c.epsAbs
            let r = abs(yErr[i]) / abs(d0)
            // GSL_MAX_DBL: a NaN ratio never replaces the running maximum.
            if r > rmax { rmax = r }
        }
        if rmax > 1.1 {
            // Decrease, a fraction S = 0.9 more than the error scaling suggests, at most 5-fold.
            var r = 0.9 / Double.pow(rmax, 1.0 / 5.0)  // order 5 (gsl_odeiv_step_order of rkf45)
            if r < 0.2 { r = 0.2 }
            h = r * hOld
            return true
        }
        if rmax < 0.5 {
            // Increase, at most 5-fold, never below the old size.
            var r = 0.9 / Double.pow(rmax, 1.0 / 6.0)  // 1 / (order + 1)
            if r > 5 { r = 5 }
            if r < 1 { r = 1 }
            h = r * hOld
        }
        return false
    }
}
