import HibanaDescription

/// `step_current_generator`: a piecewise-constant current.
public enum StepCurrentGenerator: DeviceModel {
    public static let name = "step_current_generator"
    public static let documentation = ModelDocumentation(
        summary: "Piecewise-constant current: amplitude_values[i] from amplitude_times[i] on.",
        equations: "I(t) = amplitude_values[i] for amplitude_times[i] < t <= amplitude_times[i+1] (0 before the first time); times on the grid, strictly increasing.",
        references: ["NEST documentation: step_current_generator."])
    public static let parameters = [
        ParameterSpec(list: "amplitude_times", "ms", "Times at which the current changes"),
        ParameterSpec(list: "amplitude_values", "pA", "Amplitudes of the current from each time on"),
    ] + activityParameters
    public static let output = DeviceOutput.current

    public static func check(_ p: ParameterTable, resolution h: Double) throws {
        try checkWindow(name, p)
        let times = p.list("amplitude_times"), values = p.list("amplitude_values")
        if times.count != values.count {
            throw HibanaError.invalidParameter(
                model: name, key: "amplitude_values", value: "\(values.count) values",
                allowed: "as many values as amplitude_times (\(times.count))")
        }
        for (i, t) in times.enumerated() {
            if !onGrid(t, h) || t <= 0 {
                throw HibanaError.invalidParameter(
                    model: name, key: "amplitude_times", value: "\(formatNumber(t)) ms",
                    allowed: "positive times on the \(formatNumber(h)) ms grid")
            }
            if i > 0 && !(t > times[i - 1]) {
                throw HibanaError.invalidParameter(
                    model: name, key: "amplitude_times", value: "\(formatNumber(t)) ms after \(formatNumber(times[i - 1])) ms",
                    allowed: "strictly increasing times")
            }
        }
    }

    public static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram {
        // A change at time t applies to the steps ending after t: from step t/h on.
        let changes = zip(p.list("amplitude_times"), p.list("amplitude_values")).map {
            (step: stepEnding(at: $0.0, h) + 1, amplitude: $0.1)
        }
        return .current(active: activeSteps(p, h), changes: [(0, 0)] + changes)
    }
}
