import HibanaBuild
import HibanaDescription
import HibanaModels

/// What one thread records: spikes of selected neurons, and multimeter samples of selected
/// neurons. Merged across threads into canonical order when read.
final class ThreadRecorders: @unchecked Sendable {
    // Written by its own thread during cycles; read after the cycle barrier.
    struct SpikeRecorder {
        /// Per thread-local neuron: recorded or not.
        var recorded: [Bool]
        var senders: [Int32] = []
        var steps: [Int32] = []
    }

    struct Probe {
        let block: Int
        let local: Int
        let gid: Int
        let variables: [Int]
    }

    struct Multimeter {
        let interval: Int
        let probes: [Probe]
        var samples: [Double] = []
        var sampleSteps: [Int] = []
    }

    /// Spike recorders and multimeters in the order of the spec's recorders, each with its recorder index.
    var spikeRecorders: [SpikeRecorder] = []
    var spikeRecorderIndex: [Int] = []
    var multimeters: [Multimeter] = []
    var multimeterIndex: [Int] = []
    /// For each block, the positions in `spikeRecorders` that record some of its neurons.
    let blockRecorded: [[Int]]

    init(spec: NetworkSpec, layout: NetworkLayout, shard: ThreadShard) {
        var blockRecorded = [[Int]](repeating: [], count: shard.blocks.count)
        for (r, recorder) in spec.recorders.enumerated() {
            switch recorder.kind {
            case .spikes:
                var recorded = [Bool](repeating: false, count: shard.neuronCount)
                for selection in recorder.targets {
                    let p = selection.population
                    let range = shard.blockRanges[p]
                    for i in selection.indices ?? Array(range) where range.contains(i) {
                        recorded[shard.blockOffsets[p] + i - range.lowerBound] = true
                    }
                    if !blockRecorded[p].contains(spikeRecorders.count) { blockRecorded[p].append(spikeRecorders.count) }
                }
                spikeRecorders.append(SpikeRecorder(recorded: recorded))
                spikeRecorderIndex.append(r)
            case let .multimeter(recordFrom, interval):
                var probes: [Probe] = []
                for selection in recorder.targets {
                    let p = selection.population
                    let range = shard.blockRanges[p]
                    let model = type(of: shard.blocks[p])
                    let variables = recordFrom.map { model.recordableIndex($0)! }
                    for i in selection.indices ?? Array(range) where range.contains(i) {
                        probes.append(
                            Probe(block: p, local: i - range.lowerBound, gid: layout.populationOffsets[p] + i, variables: variables))
                    }
                }
                multimeters.append(Multimeter(interval: Int((interval / spec.resolution).rounded()), probes: probes))
                multimeterIndex.append(r)
            }
        }
        self.blockRecorded = blockRecorded
    }

    @inline(__always) func recordSpikes(block: Int, offset: Int, gid0: Int, local: [Int32], step: Int) {
        for r in blockRecorded[block] {
            for i in local where spikeRecorders[r].recorded[offset + Int(i)] {
                spikeRecorders[r].senders.append(Int32(gid0 + Int(i)))
                spikeRecorders[r].steps.append(Int32(step))
            }
        }
    }

    func spikeRecorder(_ r: Int) -> SpikeRecorder? {
        spikeRecorderIndex.firstIndex(of: r).map { spikeRecorders[$0] }
    }

    func multimeter(_ r: Int) -> Multimeter? {
        multimeterIndex.firstIndex(of: r).map { multimeters[$0] }
    }

    func sample(step: Int, shard: ThreadShard) {
        for m in multimeters.indices where (step + 1) % multimeters[m].interval == 0 {
            for probe in multimeters[m].probes {
                let block = shard.blocks[probe.block]
                for v in probe.variables { multimeters[m].samples.append(block.recordable(v, neuron: probe.local)) }
            }
            multimeters[m].sampleSteps.append(step)
        }
    }
}
