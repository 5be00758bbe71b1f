/// Arguments of one kernel launch. `cuLaunchKernel` takes `void**`, one pointer per argument;
/// each value is copied into its own heap cell that lives as long as this object (pointers to
/// Swift temporaries, `&x`, would dangle by the time the driver reads them).
public final class KernelArguments {
    private var cells: [UnsafeMutableRawPointer] = []

    public init() {}

    deinit { for c in cells { c.deallocate() } }

    /// Appends one argument of a trivial type (Int32, UInt64 device pointer, Double …).
    @discardableResult
    public func add<T: BitwiseCopyable>(_ value: T) -> KernelArguments {
        let cell = UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<T>.size, alignment: 16)
        cell.storeBytes(of: value, as: T.self)
        cells.append(cell)
        return self
    }

    func withPointers<R>(_ body: (UnsafeMutablePointer<UnsafeMutableRawPointer?>) throws -> R) rethrows -> R {
        var pointers: [UnsafeMutableRawPointer?] = cells
        return try pointers.withUnsafeMutableBufferPointer { try body($0.baseAddress!) }
    }
}
