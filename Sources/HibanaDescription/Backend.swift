/// Where a network runs: `cpu` (threads, the default) or `cuda` (one NVIDIA GPU).
public enum Backend: String, CaseIterable, Sendable {
    case cpu
    case cuda
}
