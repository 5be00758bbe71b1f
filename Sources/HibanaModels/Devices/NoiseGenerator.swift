import HibanaDescription

/// `noise_generator`: Gaussian white-noise current, independent for every target.
public enum NoiseGenerator: DeviceModel {
    public static let name = "noise_generator"
    public static let documentation = ModelDocumentation(
        summary: "Piecewise-constant Gaussian noise current, drawn independently for every target.",
        equations: "I(t) = mean + std * N(0,1), redrawn every dt ms (dt a multiple of the resolution), independently per target.",
        references: ["NEST documentation: noise_generator."])
    public static let parameters = [
        ParameterSpec("mean", 0, "pA", "Mean of the current"),
        ParameterSpec("std", 0, "pA", "Standard deviation of the current", .nonNegative),
        ParameterSpec("dt", 0.1, "ms", "Interval between new values; a multiple of the resolution", .positive),
    ] + activityParameters
    public static let output = DeviceOutput.current

    public static func check(_ p: ParameterTable, resolution h: Double) throws {
        try checkWindow(name, p)
        let dt = p.scalar("dt")
        if !onGrid(dt, h) {
            throw HibanaError.invalidParameter(
                model: name, key: "dt", value: "\(formatNumber(dt)) ms",
                allowed: "a positive multiple of the resolution (\(formatNumber(h)) ms)")
        }
    }

    public static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram {
        .noise(
            active: activeSteps(p, h), mean: p.scalar("mean"), std: p.scalar("std"),
            interval: Swift.max(1, Int((p.scalar("dt") / h).rounded())))
    }
}
