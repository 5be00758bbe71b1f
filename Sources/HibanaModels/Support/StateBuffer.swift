/// A fixed-size array of state or parameter values owned by a model block. The hot loops index
/// its raw pointer directly: no bounds checks, no copy-on-write, no ARC traffic per neuron.
public struct StateBuffer<Element>: @unchecked Sendable {
    // Safe to share: each block (and thus each buffer) is touched by exactly one thread at a time.
    public let base: UnsafeMutablePointer<Element>
    public let count: Int

    public init(_ values: [Element]) {
        count = values.count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(from: values, count: count)
    }

    public init(repeating value: Element, count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
    }

    /// Called from the owning block's deinit.
    public func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inlinable public subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

extension NeuronModel {
    /// The first non-finite value among the named buffers, for `firstNonFinite`.
    public func scanNonFinite(_ buffers: [(String, StateBuffer<Double>, Double)]) -> (neuron: Int, variable: String, value: Double)? {
        for (name, buffer, offset) in buffers {
            for i in 0..<buffer.count where !buffer[i].isFinite {
                return (i, name, buffer[i] + offset)
            }
        }
        return nil
    }
}

/// Refractory period in whole steps, rounded to the nearest step as NEST's `Time` does.
public func refractorySteps(_ tRef: Double, _ h: Double) -> Int32 {
    Int32((tRef / h).rounded())
}
