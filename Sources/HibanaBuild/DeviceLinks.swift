import HibanaModels
import HibanaRandom

/// The connections of one stimulation device to the targets one thread owns. Poisson and noise
/// devices keep one random stream per connection, keyed by the target's global id, so each target
/// gets the same independent input whatever thread owns it.
public struct DeviceLinks: Sendable {
    public let program: DeviceProgram
    public let output: DeviceOutput
    public var targets: [UInt32] = []
    public var weights: [Double] = []
    public var delays: [Int] = []
    public var streams: [RandomStream] = []
    /// Current value per connection (noise generator: held between redraws).
    public var held: [Double] = []

    init(program: DeviceProgram, output: DeviceOutput) {
        self.program = program
        self.output = output
    }
}
