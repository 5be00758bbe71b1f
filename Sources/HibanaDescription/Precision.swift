/// The floating-point type of a GPU run's neuron state and input rings: `double` (the default,
/// the CPU's numbers) or `float` (half the bytes, faster on GPUs with few double units, within
/// the tolerance docs/gpu-backend.md states). The CPU backend computes in double only.
public enum Precision: String, CaseIterable, Sendable {
    case double
    case float
}
