/// The type of a GPU state array or constant, as CUDA C spells it: `hb_real` is the run's
/// precision (double, or float with `precision: float`); `double` stays double in both, for the
/// few values passed by address to double code (an RKF45 step size).
public enum GPUScalar: String, Sendable {
    case real = "hb_real"
    case double
    case int32 = "int"
}

public struct GPUVariable: Sendable, Equatable {
    public let name: String
    public let type: GPUScalar
    public init(_ name: String, _ type: GPUScalar = .real) {
        self.name = name
        self.type = type
    }
}

/// A model's time step in CUDA C: the same math as its `update`, for one neuron.
///
/// `code` is a block of statements for neuron `i` of the population. It reads and writes the
/// arrays in `state` (`v[i]`), reads the per-population `constants` by name, reads this step's
/// input `in_ex`, `in_in` (summed weights on the two receptors, inhibitory negative) and `in_cur`
/// (device current), and sets `spiked = true` when the neuron fires. Exactly integrated models
/// compute in `hb_real`, so a float run is float throughout; the RKF45 models integrate in double
/// from their stored state either way. The GPU backend wraps it in
/// a device function; the source depends only on this description, never on parameter values,
/// so compiled kernels are cached per model set and layout.
public struct GPUUpdate: Sendable {
    public let constants: [GPUVariable]
    public let state: [GPUVariable]
    public let code: String
    /// State arrays checked after every step, as `firstNonFinite` checks them on the CPU.
    public let finite: [String]
    /// Runaway values that also stop a run (after the non-finite checks, as on the CPU).
    public let bounds: [GPUBound]

    public init(constants: [GPUVariable], state: [GPUVariable], code: String, finite: [String], bounds: [GPUBound] = []) {
        self.constants = constants
        self.state = state
        self.code = code
        self.finite = finite
        self.bounds = bounds
    }
}

/// A state array's runaway bound, as a model's `firstNonFinite` tests it: below `lower`, or of
/// magnitude above `magnitude`.
public struct GPUBound: Sendable {
    public let state: String
    public let lower: Double?
    public let magnitude: Double?

    public init(_ state: String, below lower: Double) { (self.state, self.lower, magnitude) = (state, lower, nil) }
    public init(_ state: String, magnitudeAbove magnitude: Double) { (self.state, lower, self.magnitude) = (state, nil, magnitude) }

    public func violated(by x: Double) -> Bool { lower.map { x < $0 } ?? false || magnitude.map { abs(x) > $0 } ?? false }
}

/// One state array of a block, on the host, in `GPUUpdate.state` order.
public enum GPUArray: Sendable {
    case double([Double])
    case int32([Int32])

    public var count: Int {
        switch self {
        case let .double(a): return a.count
        case let .int32(a): return a.count
        }
    }
}

/// A neuron model the GPU backend can run. The conformance lives in `Model+GPU.swift` next to
/// the model's file, where it reads the block's state and constants.
public protocol GPUNeuronModel: NeuronModel {
    static var gpuUpdate: GPUUpdate { get }
    /// Values of `gpuUpdate.constants`, in order (integers as exact doubles).
    var gpuConstants: [Double] { get }
    /// The block's state arrays, in `gpuUpdate.state` order.
    func gpuState() -> [GPUArray]
    /// Where recordable `index` lives: a state array and the offset users see it at (V_m = v + E_L).
    func gpuRecordable(_ index: Int) -> (state: Int, offset: Double)
}

extension StateBuffer where Element == Double {
    var gpu: GPUArray { .double(Array(UnsafeBufferPointer(start: base, count: count))) }
}

extension StateBuffer where Element == Int32 {
    var gpu: GPUArray { .int32(Array(UnsafeBufferPointer(start: base, count: count))) }
}
