/// How far a simulation may run. Spike times are kept as 32-bit step numbers (spike recorders,
/// spike histories, the GPU's kernels), and a spike reaches its target up to 65,535 steps later
/// (the longest delay), so the last step is 2^31 − 1 − 65,535: 59.6 h at 0.1 ms, 596 h at 1 ms.
/// A longer run is refused before it starts instead of failing when the counter would overflow.
public enum StepLimit {
    public static let lastStep = Int(Int32.max) - Int(UInt16.max)

    /// Why a run from step `start` for `duration` ms at `resolution` ms cannot be simulated; nil if it can.
    public static func problem(start: Int = 0, duration: Double, resolution: Double) -> String? {
        let steps = (duration / resolution).rounded()
        guard Double(start) + steps > Double(lastStep) else { return nil }
        let hours = { (ms: Double) in formatNumber((ms / 3_600_000 * 100).rounded() / 100) }
        let left = Double(lastStep - start) * resolution
        return "a run ends at step \(lastStep) at the latest (spike times are 32-bit step counts): "
            + "\(hours(Double(lastStep) * resolution)) h at \(formatNumber(resolution)) ms"
            + (start > 0 ? ", \(hours(left)) h after t = \(formatNumber(Double(start) * resolution)) ms" : "")
            + "; \(hours(duration)) h were asked for (use a coarser resolution or a shorter run)"
    }
}
