import HibanaDescription

/// `poisson_generator`: an independent Poisson spike train for every target, as in NEST.
public enum PoissonGenerator: DeviceModel {
    public static let name = "poisson_generator"
    public static let documentation = ModelDocumentation(
        summary: "Independent Poisson spike trains of the given rate, one for every target.",
        equations: "In every step each target receives n ~ Poisson(rate * h) spikes, delivered as one event of weight n * w.",
        references: ["NEST documentation: poisson_generator."])
    public static let parameters = [ParameterSpec("rate", 0, "Hz", "Mean firing rate", .nonNegative)] + activityParameters
    public static let output = DeviceOutput.spikes

    public static func check(_ p: ParameterTable, resolution h: Double) throws { try checkWindow(name, p) }

    public static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram {
        .poisson(active: activeSteps(p, h), mean: p.scalar("rate") * h / 1000)
    }
}
