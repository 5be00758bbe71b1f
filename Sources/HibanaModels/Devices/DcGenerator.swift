import HibanaDescription

/// `dc_generator`: a constant current while active.
public enum DcGenerator: DeviceModel {
    public static let name = "dc_generator"
    public static let documentation = ModelDocumentation(
        summary: "Constant current (pA) to every target while active.",
        equations: "I(t) = amplitude for origin + start < t <= origin + stop; multiplied by the connection weight, arriving after the delay.",
        references: ["NEST documentation: dc_generator."])
    public static let parameters = [ParameterSpec("amplitude", 0, "pA", "Amplitude of the current")] + activityParameters
    public static let output = DeviceOutput.current

    public static func check(_ p: ParameterTable, resolution h: Double) throws { try checkWindow(name, p) }

    public static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram {
        .current(active: activeSteps(p, h), changes: [(0, p.scalar("amplitude"))])
    }
}
