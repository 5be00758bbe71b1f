/// An array in GPU memory, freed when the last reference goes. Sizes are in elements of `T`.
public final class DeviceBuffer<T: BitwiseCopyable>: @unchecked Sendable {
    // Owned by one simulation; the driver serialises copies on the context.
    public let context: CUDAContext
    public let count: Int
    public let address: CUDADriver.DevicePointer

    /// Uninitialised device memory for `count` elements (at least one byte is allocated).
    public init(context: CUDAContext, count: Int) throws {
        self.context = context
        self.count = count
        var p: CUDADriver.DevicePointer = 0
        try context.driver.check(context.driver.cuMemAlloc(&p, Swift.max(1, count * MemoryLayout<T>.stride)), "cuMemAlloc")
        address = p
    }

    /// A device copy of `values`.
    public convenience init(context: CUDAContext, _ values: [T]) throws {
        try self.init(context: context, count: values.count)
        try upload(values)
    }

    deinit { _ = context.driver.cuMemFree(address) }

    public var bytes: Int { count * MemoryLayout<T>.stride }

    public func upload(_ values: [T], at offset: Int = 0) throws {
        precondition(offset + values.count <= count)
        guard !values.isEmpty else { return }
        try values.withUnsafeBytes {
            try context.driver.check(
                context.driver.cuMemcpyHtoD(address + UInt64(offset * MemoryLayout<T>.stride), $0.baseAddress, $0.count),
                "cuMemcpyHtoD")
        }
    }

    /// The first `n` elements (all by default), copied to the host.
    public func download(_ n: Int? = nil, from offset: Int = 0) throws -> [T] {
        let n = n ?? count - offset
        precondition(offset + n <= count)
        guard n > 0 else { return [] }
        return try [T](unsafeUninitializedCapacity: n) { buffer, initialised in
            try context.driver.check(
                context.driver.cuMemcpyDtoH(
                    UnsafeMutableRawPointer(buffer.baseAddress), address + UInt64(offset * MemoryLayout<T>.stride),
                    n * MemoryLayout<T>.stride),
                "cuMemcpyDtoH")
            initialised = n
        }
    }

    /// Sets every byte to zero.
    public func zero() throws {
        try context.driver.check(context.driver.cuMemsetD8(address, 0, Swift.max(1, bytes)), "cuMemsetD8")
    }
}
