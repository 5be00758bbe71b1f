import HibanaBuild

/// A simulation whose plastic weights can be read and set, in the canonical order of
/// `Simulation.weights(projection:)` (source, target, delay, then creation order): the CPU engine
/// and the GPU backend, so a weights file written by either loads into either.
public protocol PlasticWeights: AnyObject {
    var network: BuiltNetwork { get }
    /// The plastic connections of `projection` and their current weights (empty if it has none).
    func weights(projection: Int) throws -> ConnectionWeights
    /// Sets `projection`'s plastic weights, given in the order of `weights(projection:)`.
    func setWeights(projection: Int, _ weights: [Double]) throws
}

extension Simulation: PlasticWeights {}
