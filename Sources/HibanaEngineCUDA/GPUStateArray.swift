import HibanaCUDA
import HibanaDescription
import HibanaModels

/// A neuron state array or an input ring in GPU memory, in the type the kernels read: a
/// `GPUScalar.real` array as floats in a float run (else doubles), a `.double` one as doubles,
/// an int one as ints. The host sees reals as doubles (a float converts exactly).
enum GPUStateArray {
    case double(DeviceBuffer<Double>)
    case float(DeviceBuffer<Float>)
    case int32(DeviceBuffer<Int32>)

    /// A device copy of `values`, stored as `type` says in a run of `precision`.
    init(context: CUDAContext, _ values: GPUArray, type: GPUScalar, precision: Precision) throws {
        switch values {
        case let .int32(a): self = .int32(try DeviceBuffer(context: context, a))
        case let .double(a) where type == .real && precision == .float:
            self = .float(try DeviceBuffer(context: context, a.map { Float($0) }))
        case let .double(a): self = .double(try DeviceBuffer(context: context, a))
        }
    }

    /// `count` zero `hb_real`s: an input ring.
    init(context: CUDAContext, zeros count: Int, precision: Precision) throws {
        switch precision {
        case .double:
            let b = try DeviceBuffer<Double>(context: context, count: count)
            try b.zero()
            self = .double(b)
        case .float:
            let b = try DeviceBuffer<Float>(context: context, count: count)
            try b.zero()
            self = .float(b)
        }
    }

    var address: UInt64 {
        switch self {
        case let .double(b): return b.address
        case let .float(b): return b.address
        case let .int32(b): return b.address
        }
    }

    var count: Int {
        switch self {
        case let .double(b): return b.count
        case let .float(b): return b.count
        case let .int32(b): return b.count
        }
    }

    var bytes: Int {
        switch self {
        case let .double(b): return b.bytes
        case let .float(b): return b.bytes
        case let .int32(b): return b.bytes
        }
    }

    /// `hibana_sample`'s kind of this array: 0 double, 1 float, 2 int.
    var sampleKind: Int32 {
        switch self {
        case .double: return 0
        case .float: return 1
        case .int32: return 2
        }
    }

    /// Elements `offset ..< offset + n` (all by default) as doubles; nil for an int array.
    func reals(_ n: Int? = nil, from offset: Int = 0) throws -> [Double]? {
        switch self {
        case let .double(b): return try b.download(n, from: offset)
        case let .float(b): return try b.download(n, from: offset).map { Double($0) }
        case .int32: return nil
        }
    }

    /// Sets a real array from doubles (rounded to float in a float array).
    func upload(reals values: [Double]) throws {
        switch self {
        case let .double(b): try b.upload(values)
        case let .float(b): try b.upload(values.map { Float($0) })
        case .int32: preconditionFailure("an int array takes ints")
        }
    }
}
