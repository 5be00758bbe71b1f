import HibanaDescription

/// What a stimulation device sends to its targets.
public enum DeviceOutput: Sendable {
    /// Spikes, delivered through the synapse's weight and delay like neuron spikes.
    case spikes
    /// A current in pA, multiplied by the connection weight, arriving after the delay.
    case current
}

/// A stimulation device model: parameters and documentation. The per-step behaviour is the
/// device's `DeviceProgram`, created for a resolution once the parameters are resolved.
public protocol DeviceModel {
    static var name: String { get }
    static var documentation: ModelDocumentation { get }
    static var parameters: [ParameterSpec] { get }
    static var output: DeviceOutput { get }
    static func check(_ p: ParameterTable, resolution h: Double) throws
    static func program(_ p: ParameterTable, resolution h: Double) -> DeviceProgram
}

/// A device's behaviour on the time grid, in steps. `active` holds the steps k whose interval
/// ((k)h, (k+1)h] lies inside (origin + start, origin + stop]: NEST's activity window.
public enum DeviceProgram: Sendable {
    /// A current that is the same for every target: `amplitude(k)`.
    case current(active: Range<Int>, changes: [(step: Int, amplitude: Double)])
    /// Independent Gaussian current per target, redrawn every `interval` steps.
    case noise(active: Range<Int>, mean: Double, std: Double, interval: Int)
    /// Independent Poisson spike trains per target with `mean` spikes per step.
    case poisson(active: Range<Int>, mean: Double)
    /// The same spike train for every target: the steps in which spikes are emitted, with weight multipliers.
    case spikeTrain(steps: [Int], multipliers: [Double])
}

/// The common activity window parameters of NEST's stimulation devices.
let activityParameters: [ParameterSpec] = [
    ParameterSpec("origin", 0, "ms", "Time origin of start and stop", .nonNegative),
    ParameterSpec("start", 0, "ms", "Activation time, relative to origin", .nonNegative),
    ParameterSpec("stop", .infinity, "ms", "Deactivation time, relative to origin", .nonNegative),
]

/// Steps whose interval lies in (origin + start, origin + stop].
func activeSteps(_ p: ParameterTable, _ h: Double) -> Range<Int> {
    let origin = p.scalar("origin")
    let first = Int(((origin + p.scalar("start")) / h).rounded())
    let stop = origin + p.scalar("stop")
    let last = stop.isFinite ? Int((stop / h).rounded()) : Int.max / 2
    return first..<Swift.max(first, last)
}

func checkWindow(_ model: String, _ p: ParameterTable) throws {
    if !(p.scalar("stop") >= p.scalar("start")) {
        throw HibanaError.invalidParameter(
            model: model, key: "stop", value: "\(formatNumber(p.scalar("stop"))) ms",
            allowed: "≥ start (\(formatNumber(p.scalar("start"))) ms)")
    }
}

/// The step in which a time on the grid ends: t = (k + 1) h.
func stepEnding(at t: Double, _ h: Double) -> Int { Int((t / h).rounded()) - 1 }

/// Whether t lies on the time grid (within rounding).
func onGrid(_ t: Double, _ h: Double) -> Bool { abs(t / h - (t / h).rounded()) < 1e-9 * Swift.max(1, t / h) }
