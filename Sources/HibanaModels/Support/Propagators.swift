import RealModule

/// Exact-integration propagators of linear subthreshold dynamics (Rotter & Diesmann 1999),
/// computed once per population. Written so that τ_m = τ_syn (and nearby values) lose no
/// accuracy: every difference of exponentials goes through `expMinusOne` or a series.
public enum Propagators {
    /// exp(-h/τ).
    public static func decay(_ h: Double, _ tau: Double) -> Double { Double.exp(-h / tau) }

    /// Membrane response at time h to a constant current of 1 pA, in mV: (τ_m/C_m)(1 - e^{-h/τ_m}).
    public static func constantCurrent(_ h: Double, tauM: Double, cM: Double) -> Double {
        -tauM / cM * Double.expMinusOne(-h / tauM)
    }

    /// Membrane response at time h to an exponential current with initial value 1 pA and time
    /// constant τ_s: (1/C) e^{-h/τ_m} ∫₀ʰ e^{a s} ds with a = 1/τ_m − 1/τ_s. Finite at τ_m = τ_s (h/C e^{-h/τ_m}).
    public static func exponentialCurrent(_ h: Double, tauM: Double, tauS: Double, cM: Double) -> Double {
        let a = 1 / tauM - 1 / tauS
        let x = a * h
        let integral = x == 0 ? h : h * Double.expMinusOne(x) / x
        return Double.exp(-h / tauM) / cM * integral
    }

    /// Membrane response at time h to an alpha-shaped current I(s) = s e^{-s/τ_s} (the current
    /// that a unit derivative dI(0) = 1 pA/ms produces): (1/C) e^{-h/τ_m} ∫₀ʰ s e^{a s} ds.
    public static func alphaCurrent(_ h: Double, tauM: Double, tauS: Double, cM: Double) -> Double {
        let a = 1 / tauM - 1 / tauS
        let x = a * h
        // ∫₀ʰ s e^{as} ds = h² g(x), g(x) = (e^x (x − 1) + 1) / x²; near 0 the series avoids cancellation.
        let g: Double
        if abs(x) < 1e-3 {
            g = 0.5 + x / 3 + x * x / 8 + x * x * x / 30
        } else {
            g = (Double.exp(x) * (x - 1) + 1) / (x * x)
        }
        return Double.exp(-h / tauM) / cM * h * h * g
    }
}
