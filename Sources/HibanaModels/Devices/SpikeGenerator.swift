import HibanaDescription

/// `spike_generator`: spikes at given times, the same train for every target.
public enum SpikeGenerator: DeviceModel {
    public static let name = "spike_generator"
    public static let documentation = ModelDocumentation(
        summary: "Emits spikes at the given times (on the time grid) to all its targets.",
        equations: "A spike at time t is emitted in the step ending at t and arrives d later; with spike_weights, the connection weight is multiplied by the spike's weight.",
        references: ["NEST documentation: spike_generator."])
    public static let parameters = [
        ParameterSpec(list: "spike_times", "ms", "Spike times, on the grid, non-decreasing"),
        ParameterSpec(list: "spike_weights", "", "Per-spike weight multipliers (empty: 1)"),
    ] + activityParameters
    public static let output = DeviceOutput.spikes

    public static func check(_ p: ParameterTable, resolution h: Double) throws {
        try checkWindow(name, p)
        let times = p.list("spike_times"), weights = p.list("spike_weights")
        if !weights.isEmpty && weights.count != times.count {
            throw HibanaError.invalidParameter(
                model: name, key: "spike_weights", value: "\(weights.count) values",
                allowed: "empty or as many values as spike_times (\(times.count))")
        }
        for (i, t) in times.enumerated() {
            if !onGrid(t, h) || t < h {
                throw HibanaError.invalidParameter(
                    model: name, key: "spike_times", value: "\(formatNumber(t)) ms",
                    allowed: "times ≥ \(formatNumber(h)) ms on the \(formatNumber(h)) ms grid")
            }
            if i > 0 && t < times[i - 1] {
                throw HibanaError.invalidParameter(
                    model: name, key: "spike_times", value: "\(formatNumber(t)) ms after \(formatNumber(times[i - 1])) ms",
                    allowed: "non-decreasing times")
            }
        }
    }

    public static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram {
        let window = activeSteps(p, h)
        let origin = p.scalar("origin")
        let times = p.list("spike_times")
        let weights = p.list("spike_weights")
        var steps: [Int] = []
        var multipliers: [Double] = []
        for (i, t) in times.enumerated() {
            let k = stepEnding(at: t + origin, h)
            if window.contains(k) {
                steps.append(k)
                multipliers.append(weights.isEmpty ? 1 : weights[i])
            }
        }
        return .spikeTrain(steps: steps, multipliers: multipliers)
    }
}
