/// The units a model file's numbers are converted to, as the models layer defines them.
///
/// Why a lookup passed in: the unit of `tau_m` is part of the model (its `ParameterSpec`), and the
/// description layer must not import the models layer (layers depend only downwards). Carrying
/// each value with its written unit through `NetworkSpec` and converting later would instead put
/// units into every layer's types; DESIGN.md wants them "checked at the boundary, NEST units
/// inside". So the loader converts at the boundary, with this lookup supplied by a layer that
/// knows the models (`ModelUnits.catalog` in the build layer). Run settings, delays and
/// recorder intervals have fixed units (ms) and need no lookup.
public struct ModelUnits: Sendable {
    /// NEST's unit of parameter `key` of model `model` ("ms", "mV", "pA", "nS", "pF", "Hz"; "" for
    /// a plain number), or nil when the model or the key is unknown (the validator reports those).
    public var parameter: @Sendable (_ model: String, _ key: String) -> String?
    /// The unit of a connection weight from a node of model `source` (a neuron or device model)
    /// onto a population of model `target`: "mV", "pA" or "nS" after the target's synapse type,
    /// "" for a current device's plain multiplier; nil when unknown.
    public var weight: @Sendable (_ source: String, _ target: String) -> String?

    public init(
        parameter: @escaping @Sendable (_ model: String, _ key: String) -> String?,
        weight: @escaping @Sendable (_ source: String, _ target: String) -> String?
    ) {
        self.parameter = parameter
        self.weight = weight
    }
}
