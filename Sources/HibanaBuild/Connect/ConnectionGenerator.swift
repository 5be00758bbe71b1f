import HibanaDescription
import HibanaModels
import HibanaRandom

// TEMPORARY minimal version; replaced by the full implementation from the `connect` branch.
public struct ConnectionGenerator: Sendable {
    let spec: ProjectionSpec
    let label: String
    let projectionIndex: Int
    let seed: UInt64
    let sourceCount: Int, targetCount: Int, sourceGid0: Int, targetGid0: Int
    let samePopulation: Bool

    public init(
        spec: ProjectionSpec, label: String, projectionIndex: Int, seed: UInt64, sourceCount: Int, targetCount: Int,
        sourceGid0: Int, targetGid0: Int, samePopulation: Bool
    ) {
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

    public func validate() throws {}

    public var expectedCount: Double { Double(sourceCount * targetCount) }

    public func generate(ownedTargets: Range<Int>, _ body: (Int, Int, inout RandomStream) -> Void) {
        for t in ownedTargets {
            var w = RandomStream(seed: seed, purpose: .weights, family: UInt64(projectionIndex), id: UInt64(targetGid0 + t))
            var c = RandomStream(seed: seed, purpose: .connections, family: UInt64(projectionIndex), id: UInt64(targetGid0 + t))
            switch spec.rule {
            case .allToAll: for s in 0..<sourceCount { body(s, t, &w) }
            case .oneToOne: body(t, t, &w)
            case let .fixedIndegree(k): for _ in 0..<k { body(c.integer(below: sourceCount), t, &w) }
            default: fatalError("temporary")
            }
        }
    }
}
