import HibanaDescription
import HibanaRandom

/// The connections of one projection, generated on demand for any range of targets.
///
/// Every random choice comes from a counter-based stream keyed by what it decides, never by who
/// asks: a target's sources from the target's stream (`fixed_indegree`, `pairwise_bernoulli`,
/// `fixed_total_number`), a source's targets from the source's stream (`fixed_outdegree`), the
/// split of `fixed_total_number` over targets from one stream all callers replay. So each thread or
/// rank builds exactly the connections of the targets it owns, and the network is the same for
/// every decomposition. The semantics are NEST's (`nestkernel/conn_builder.cpp`), with NEST's
/// defaults `allow_autapses` and `allow_multapses` true.
///
/// Streams (family = the projection's index in the network):
/// | rule | stream that chooses the connections |
/// | --- | --- |
/// | `fixed_indegree`, `pairwise_bernoulli` | `.connections`, id = target's gid |
/// | `fixed_outdegree` | `.connections`, id = source's gid |
/// | `fixed_total_number` | `.totalNumber`, id 0 (counts per target), then `.connections`, id = target's gid |
/// | every rule: weight, then delay, of each connection | `.weights`, id = target's gid |
public struct ConnectionGenerator: Sendable {
    /// Called once per connection with the source and target indices (within their
    /// populations) and the target's weight stream, from which the caller draws the weight and then
    /// the delay.
    public typealias Body = (_ source: Int, _ target: Int, _ stream: inout RandomStream) -> Void

    public let spec: ProjectionSpec
    /// The projection's name in messages.
    public let label: String
    public let projectionIndex: Int
    public let seed: UInt64
    public let sourceCount: Int
    public let targetCount: Int
    /// Global id of source index 0 and of target index 0: the ids of the random streams.
    public let sourceGid0: Int
    public let targetGid0: Int
    /// Source index i and target index i are the same neuron (a projection from a population
    /// onto itself): the pairs that `allow_autapses: false` excludes.
    public let samePopulation: Bool

    public init(
        spec: ProjectionSpec, label: String, projectionIndex: Int, seed: UInt64,
        sourceCount: Int, targetCount: Int, sourceGid0: Int, targetGid0: Int, samePopulation: Bool
    ) {
        precondition(sourceCount >= 0 && targetCount >= 0, "population sizes cannot be negative")
        precondition(projectionIndex >= 0 && sourceGid0 >= 0 && targetGid0 >= 0, "indices cannot be negative")
        precondition(!samePopulation || sourceCount == targetCount, "one population has one size")
        self.spec = spec
        self.label = label
        self.projectionIndex = projectionIndex
        self.seed = seed
        self.sourceCount = sourceCount
        self.targetCount = targetCount
        self.sourceGid0 = sourceGid0
        self.targetGid0 = targetGid0
        self.samePopulation = samePopulation
    }

    /// Calls `body(source, target, &stream)` for every connection whose target index lies in
    /// `ownedTargets` (a sub-range of 0..<targetCount). `stream` is the target's weight stream
    /// (`.weights`, family = projection index, id = target's gid), positioned after the draws of
    /// the target's earlier connections: the caller draws this connection's weight, then its delay.
    ///
    /// Each target receives the same sequence of sources, and so the same weights and delays,
    /// however the target range is split into `ownedTargets` pieces. Connections come target by
    /// target in increasing target order, except for `fixed_outdegree`, which comes source by
    /// source (each target still receives its sources in increasing order). Order of sources
    /// within one target: increasing for `all_to_all`, `one_to_one` and `pairwise_bernoulli`; draw
    /// order (a fixed function of the target's stream) for the other rules.
    ///
    /// - Precondition: `validate()` did not throw (impossible arguments are a bug here).
    public func generate(ownedTargets: Range<Int>, _ body: Body) {
        precondition(
            ownedTargets.lowerBound >= 0 && ownedTargets.upperBound <= targetCount,
            "owned targets \(ownedTargets) outside 0..<\(targetCount)")
        if let problem = ruleProblem() { preconditionFailure("projection \(label): \(problem) (call validate() first)") }
        guard !ownedTargets.isEmpty else { return }
        switch spec.rule {
        case .allToAll: generateAllToAll(ownedTargets, body)
        case .oneToOne: generateOneToOne(ownedTargets, body)
        case let .fixedIndegree(k): generateFixedIndegree(k, ownedTargets, body)
        case let .fixedOutdegree(k): generateFixedOutdegree(k, ownedTargets, body)
        case let .fixedTotalNumber(n): generateFixedTotalNumber(n, ownedTargets, body)
        case let .pairwiseBernoulli(p): generatePairwiseBernoulli(p, ownedTargets, body)
        }
    }

    /// The exact number of connections for the deterministic rules (`all_to_all`, `one_to_one`,
    /// `fixed_indegree`, `fixed_outdegree`, `fixed_total_number`), the expected number for
    /// `pairwise_bernoulli`: for memory estimates before anything is built.
    public var expectedCount: Double {
        let s = Double(sourceCount)
        let t = Double(targetCount)
        let autapsePairs = excludesAutapses ? Double(targetCount) : 0
        switch spec.rule {
        case .allToAll: return s * t - autapsePairs
        case .oneToOne: return excludesAutapses ? 0 : t
        case let .fixedIndegree(k): return Double(k) * t
        case let .fixedOutdegree(k): return Double(k) * s
        case let .fixedTotalNumber(n): return Double(n)
        case let .pairwiseBernoulli(p): return p * (s * t - autapsePairs)
        }
    }

    // MARK: Shared by the rules

    /// Whether the pairs (i, i) must be left out.
    var excludesAutapses: Bool { samePopulation && !spec.allowAutapses }

    /// The stream that chooses connections for the node with global id `gid`.
    func connectionStream(gid: Int) -> RandomStream {
        RandomStream(seed: seed, purpose: .connections, family: UInt64(projectionIndex), id: UInt64(gid))
    }

    /// The weight-and-delay stream of target index `target`.
    func weightStream(target: Int) -> RandomStream {
        RandomStream(seed: seed, purpose: .weights, family: UInt64(projectionIndex), id: UInt64(targetGid0 + target))
    }

    /// Drawing "any partner but myself": partners are drawn from 0..<(count − 1) and a draw v ≥ the
    /// node's own index i becomes v + 1, an exact uniform draw over the others. `skip(i)` is i when
    /// autapses are excluded, else `Int.max` (the shift never applies).
    func skip(_ index: Int) -> Int { excludesAutapses ? index : Int.max }
}
