import HibanaBuild
import HibanaModels

/// The plastic projections of a built network (the pair-based rules, stdp_dopamine_synapse,
/// tsodyks_synapse and tsodyks2_synapse) and the postsynaptic spike history STDP reads, rearranged for one GPU on the host (plain
/// arrays, tested without a GPU).
struct GPUPlasticImage {
    /// The rules the GPU runs.
    enum Rule {
        /// stdp_synapse, stdp_pl_synapse_hom, vogels_sprekeler_synapse, cerebellar_pf_pc_synapse (`PairBasedGPU`).
        case pairBased(any PairBasedGPURule)
        /// stdp_dopamine_synapse: the pair-based record and K⁺ update, its own delivery kernel.
        case dopamine(StdpDopamineSynapse)
        case tsodyks(TsodyksSynapse)
        case tsodyks2(Tsodyks2Synapse)

        var value: any SynapseRule {
            switch self {
            case let .pairBased(r): return r
            case let .dopamine(r): return r
            case let .tsodyks(r): return r
            case let .tsodyks2(r): return r
            }
        }

        init?(_ rule: any SynapseRule) {
            switch rule {
            case let r as any PairBasedGPURule: self = .pairBased(r)
            case let r as StdpDopamineSynapse: self = .dopamine(r)
            case let r as TsodyksSynapse: self = .tsodyks(r)
            case let r as Tsodyks2Synapse: self = .tsodyks2(r)
            default: return nil
            }
        }
    }

    /// One projection: the shards' plastic stores merged into one CSR keyed by source, as
    /// `GPUNetworkImage` merges static synapses; 12 bytes per synapse (target, Double weight),
    /// and the rule's state per synapse (stdp_dopamine_synapse's c).
    struct Projection {
        let projection: Int
        let rule: Rule
        let gid0: Int
        let sourceCount: Int
        /// False for receptor_type 1 onto a parrot_neuron (`PlasticStore.deliversInput`).
        let delivers: Bool
        var runStart: [UInt32] = [0]
        var runDelay: [UInt16] = []
        var runEnd: [UInt32] = []
        var targets: [UInt32] = []
        var weights: [Double] = []
        var synapseState: [Double] = []
        let synapseStride: Int
        /// The volume transmitter whose spikes stdp_dopamine_synapse reads.
        let modulatorGid: Int?
        /// cerebellar_pf_pc_synapse: the teacher population's first gid, and per gid the slot of
        /// its teacher's spike history (target j of the target population: slot j, teacher j).
        let teacherGid0: Int?
        let teacherSlots: [Int32]?
        /// Per source, `sourceStride` doubles of the rule's state (STDP's K⁺; u, x[, y]), and its last spike.
        let sourceState: [Double]
        let sourceStride: Int
        let lastStamp: [Int32]
        /// The weight recorder: whether there is one, and its selection as masks by source index
        /// and by target gid (nil selects all).
        let recordsWeights: Bool
        let recordedSources: [UInt8]?
        let recordedTargets: [UInt8]?

        /// Bytes one update moves (`GPUTraffic`): target (4), weight read and written (16), the
        /// atomic addition when it delivers (16); for STDP the target's history slot, spike count,
        /// one stamp and one K⁻ (20), for stdp_dopamine_synapse also c read and written (16).
        var bytesPerUpdate: Int {
            let base = 20 + (delivers ? 16 : 0)
            switch rule {
            case .pairBased: return base + 20
            case .dopamine: return base + 36
            case .tsodyks, .tsodyks2: return base
            }
        }

        /// Synapses the weight recorder logs: a step's spikes log each at most once.
        var recordedSynapses: Int {
            guard recordsWeights else { return 0 }
            return (0..<sourceCount).reduce(0) { count, s in
                guard recordedSources.map({ $0[s] != 0 }) ?? true else { return count }
                let segment = segment(of: s)
                return count + (recordedTargets.map { mask in segment.lazy.filter { mask[Int(targets[$0])] != 0 }.count } ?? segment.count)
            }
        }

        /// Synapses of source index `s`: one contiguous segment of the arrays.
        func segment(of s: Int) -> Range<Int> {
            let r0 = Int(runStart[s]), r1 = Int(runStart[s + 1])
            let first = r0 == 0 ? 0 : Int(runEnd[r0 - 1])
            return first..<(r1 == r0 ? first : Int(runEnd[r1 - 1]))
        }
    }

    let projections: [Projection]
    /// Per global id: its slot in the GPU history, −1 without plastic inputs.
    let historySlot: [Int32]
    /// Per slot: tau_minus⁻¹.
    let tauMinusInverse: [Double]
    /// K⁻'s decay table when every neuron with plastic inputs has the same tau_minus (as the CPU's).
    let minusTable: [Double]?

    var isEmpty: Bool { projections.isEmpty }
    var synapseCount: Int { projections.reduce(0) { $0 + $1.targets.count } }
    /// Synapses (target, weight), runs, and per-source K⁺ and last spike.
    var bytes: Int {
        projections.reduce(0) {
            $0 + $1.targets.count * 12 + $1.synapseState.count * 8 + $1.runDelay.count * 6 + $1.runStart.count * 4
                + $1.sourceCount * (8 * $1.sourceStride + 4)
        }
    }

    init(_ network: BuiltNetwork, globalIds: [[UInt32]]) {
        var projections: [Projection] = []
        for (k, store) in (network.shards.first?.plastic ?? []).enumerated() {
            guard let rule = Rule(store.rule) else { continue }
            let stores = network.shards.map { $0.plastic[k] }
            let spec = network.spec.projections[store.projection]
            let targetGid0 = network.layout.populationOffsets[spec.target]
            func mask(_ selected: [Int]?, count: Int, offset: Int) -> [UInt8]? {
                selected.map { indices in
                    var m = [UInt8](repeating: 0, count: count)
                    for i in indices { m[offset + i] = 1 }
                    return m
                }
            }
            var p = Projection(
                projection: store.projection, rule: rule, gid0: store.sourceGid0, sourceCount: store.sourceCount,
                delivers: store.deliversInput, synapseStride: store.synapseStride, modulatorGid: store.modulatorGid,
                teacherGid0: store.teacher?.gid0,
                teacherSlots: store.teacher.map { _ in
                    var slots = [Int32](repeating: -1, count: network.layout.neuronCount)
                    for j in 0..<network.spec.populations[spec.target].count { slots[targetGid0 + j] = Int32(j) }
                    return slots
                },
                sourceState: store.sourceState, sourceStride: store.sourceStride, lastStamp: store.lastStamp,
                recordsWeights: store.recordWeights,
                recordedSources: mask(spec.recordedSenders, count: store.sourceCount, offset: 0),
                recordedTargets: mask(spec.recordedTargets, count: network.layout.neuronCount, offset: targetGid0))
            for s in 0..<store.sourceCount {
                for (t, part) in stores.enumerated() {
                    let runs = Int(part.runStart[s])..<Int(part.runStart[s + 1])
                    var first = runs.lowerBound == 0 ? 0 : Int(part.runEnd[runs.lowerBound - 1])
                    for r in runs {
                        let last = Int(part.runEnd[r])
                        p.targets += part.targets[first..<last].map { globalIds[t][Int($0)] }
                        p.weights += part.weights[first..<last]
                        p.synapseState += part.synapseState[first * p.synapseStride..<last * p.synapseStride]
                        p.runDelay.append(part.runDelay[r])
                        p.runEnd.append(UInt32(p.targets.count))
                        first = last
                    }
                }
                p.runStart.append(UInt32(p.runEnd.count))
            }
            projections.append(p)
        }
        self.projections = projections
        var slots = [Int32](repeating: -1, count: network.layout.neuronCount)
        var tauInverse: [Double] = []
        if !projections.isEmpty {
            for (t, shard) in network.shards.enumerated() {
                let history = shard.postHistory
                for n in 0..<shard.neuronCount where history.hasInputs(n) {
                    slots[Int(globalIds[t][n])] = Int32(tauInverse.count)
                    tauInverse.append(history.tauMinusInverse(of: n))
                }
            }
        }
        historySlot = slots
        tauMinusInverse = tauInverse
        let distinct = Set(tauInverse)
        minusTable = distinct.count == 1
            ? DecayTable(tauInverse: distinct.first!, resolution: network.spec.resolution).tabulatedValues : nil
    }
}
