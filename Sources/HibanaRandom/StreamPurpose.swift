/// What a random stream is used for. Part of the stream's key, so that, e.g., connection
/// generation and Poisson input never share random numbers even for the same neuron id.
public enum StreamPurpose: UInt64, Sendable {
    case connections = 1
    case weights = 2
    case initialValues = 3
    case poissonInput = 4
    case noiseInput = 5
    case totalNumber = 6
}
