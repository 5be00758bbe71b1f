import HibanaDescription
import HibanaModels

extension ConnectionGenerator {
    /// Refuses, before anything is built, a rule that cannot be realised and weight or delay
    /// distributions that cannot be drawn: throws `HibanaError.invalidProjection` naming the
    /// rule, the argument, its value and the allowed range.
    public func validate() throws {
        if let problem = ruleProblem() { throw HibanaError.invalidProjection(projection: label, reason: problem) }
        for (what, distribution) in [("weight", spec.weight), ("delay", spec.delay)] {
            try distribution.validate(what, owner: label)
            // The clipped normal is drawn by redrawing (NEST's `redraw`): a range with almost no
            // probability mass would make the build spin. 1e-4 bounds the mean number of tries per
            // value at 10⁴.
            let mass = distribution.acceptedMass
            if !(mass >= 1e-4) {
                throw HibanaError.invalidProjection(
                    projection: label,
                    reason: "\(what): the clipped normal's range [min, max] must hold at least 1e-4 of its probability "
                        + "mass to be drawn by redrawing (got \(mass))")
            }
        }
    }

    /// What makes the rule's arguments impossible for these populations, or nil.
    func ruleProblem() -> String? {
        let rule = spec.rule.name
        let autapseNote = excludesAutapses ? " with allow_autapses false on a population onto itself" : ""
        // Partners a node can choose from: all, or all but itself.
        let sourcesAvailable = sourceCount - (excludesAutapses ? 1 : 0)
        let targetsAvailable = targetCount - (excludesAutapses ? 1 : 0)

        func degree(_ argument: String, _ k: Int, available: Int, side: String) -> String? {
            if k < 0 { return "\(rule): \(argument) must be ≥ 0 (got \(k))" }
            if !spec.allowMultapses && k > available {
                return "\(rule): \(argument) must be in 0...\(available) with allow_multapses false "
                    + "(\(available) distinct \(side) available\(autapseNote); got \(k))"
            }
            if k > 0 && available == 0 {
                return "\(rule): \(argument) must be 0 when there are no \(side) to choose from "
                    + "(\(side) available\(autapseNote): 0; got \(k))"
            }
            return nil
        }

        switch spec.rule {
        case .allToAll:
            return nil
        case .oneToOne:
            if sourceCount != targetCount {
                return "\(rule) needs as many sources as targets (got \(sourceCount) sources, \(targetCount) targets)"
            }
            return nil
        case let .fixedIndegree(k):
            return degree("indegree", k, available: sourcesAvailable, side: "sources")
        case let .fixedOutdegree(k):
            return degree("outdegree", k, available: targetsAvailable, side: "targets")
        case let .fixedTotalNumber(n):
            if n < 0 { return "\(rule): N must be ≥ 0 (got \(n))" }
            if !spec.allowMultapses {
                return "\(rule) with allow_multapses false is not supported (NEST does not support it either); "
                    + "allow multapses, or use pairwise_bernoulli or fixed_indegree (N = \(n))"
            }
            if n > 0 && (targetCount == 0 || sourcesAvailable <= 0) {
                return "\(rule): N must be 0 when there are no (source, target) pairs to choose from "
                    + "(\(sourceCount) sources, \(targetCount) targets\(autapseNote); got \(n))"
            }
            return nil
        case let .pairwiseBernoulli(p):
            if !(p >= 0 && p <= 1) { return "\(rule): p must be in [0, 1] (got \(p))" }
            return nil
        }
    }
}
