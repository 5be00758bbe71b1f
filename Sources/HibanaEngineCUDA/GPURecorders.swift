import HibanaBuild
import HibanaCUDA
import HibanaDescription
import HibanaEngine

/// Spike recorders and multimeters of a GPU run. Spikes are filtered on the host from each
/// batch's readback of the spike log; multimeter samples are gathered on the GPU
/// (`hibana_sample`) at their interval and copied back once per batch.
final class GPURecorders {
    struct SpikeRecorder {
        let recorder: Int
        /// Per global id: recorded or not.
        let recorded: [Bool]
        /// (step << 32 | gid) of every recorded spike.
        var keys: [UInt64] = []
    }

    struct Multimeter {
        let recorder: Int
        let interval: Int
        let variables: [String]
        /// Recorded global ids, increasing.
        let gids: [Int]
        /// Per sample, gids.count × variables.count values (neuron-major).
        let gather: (arrays: DeviceBuffer<UInt64>, index: DeviceBuffer<Int32>, kind: DeviceBuffer<Int32>, offset: DeviceBuffer<Double>)
        var out: DeviceBuffer<Double>
        var pendingSamples = 0
        var samples: [Double] = []
        var sampleSteps: [Int] = []
        var width: Int { gids.count * variables.count }
    }

    let spec: NetworkSpec
    var spikeRecorders: [SpikeRecorder] = []
    var multimeters: [Multimeter] = []

    init(network: BuiltNetwork, image: GPUNetworkImage, buffers: DeviceBuffers, context: CUDAContext, batchSteps: Int) throws {
        spec = network.spec
        let offsets = network.layout.populationOffsets
        for (r, recorder) in spec.recorders.enumerated() {
            let gids = Array(Set(recorder.targets.flatMap { sel in
                (sel.indices ?? Array(0..<spec.populations[sel.population].count)).map { offsets[sel.population] + $0 }
            })).sorted()
            switch recorder.kind {
            case .spikes:
                var recorded = [Bool](repeating: false, count: image.neuronCount)
                for g in gids { recorded[g] = true }
                spikeRecorders.append(SpikeRecorder(recorder: r, recorded: recorded))
            case let .multimeter(variables, interval):
                var arrays: [UInt64] = [], index: [Int32] = [], kind: [Int32] = [], offset: [Double] = []
                for g in gids {
                    let p = offsets.lastIndex { $0 <= g }!
                    let model = image.models[image.populations[p].model]
                    for v in variables {
                        let where_ = image.populations[p].recordables[model.recordableIndex(v)!]
                        let a = buffers.state[p][where_.state]
                        arrays.append(a.address); kind.append(a.sampleKind)
                        index.append(Int32(g - offsets[p])); offset.append(where_.offset)
                    }
                }
                let steps = Swift.max(1, Int((interval / spec.resolution).rounded()))
                let perBatch = (batchSteps + steps - 1) / steps + 1
                multimeters.append(Multimeter(
                    recorder: r, interval: steps, variables: variables, gids: gids,
                    gather: (try DeviceBuffer(context: context, arrays), try DeviceBuffer(context: context, index),
                             try DeviceBuffer(context: context, kind), try DeviceBuffer(context: context, offset)),
                    out: try DeviceBuffer(context: context, count: Swift.max(1, perBatch * gids.count * variables.count))))
            }
        }
    }

    /// The samples due in the `steps` steps from `first`, as (step offset, multimeter): every
    /// multimeter at the end of each step k with (k + 1) a multiple of its interval (as
    /// `ThreadRecorders.sample`), in step order.
    func due(from first: Int, steps: Int) -> [(offset: Int, multimeter: Int)] {
        (0..<steps).flatMap { o in
            multimeters.indices.filter { (first + o + 1) % multimeters[$0].interval == 0 && multimeters[$0].width > 0 }.map { (o, $0) }
        }
    }

    /// What decides where a batch's samples fall: its first step's phase against every multimeter's interval.
    func phase(_ first: Int) -> [Int] { multimeters.map { first % $0.interval } }

    /// `hibana_sample`'s arguments for multimeter `m`'s sample number `slot` of the batch.
    func sampleArguments(_ m: Int, slot: Int) -> KernelArguments {
        let mm = multimeters[m]
        return KernelArguments()
            .add(mm.gather.arrays.address).add(mm.gather.index.address).add(mm.gather.kind.address)
            .add(mm.gather.offset.address).add(Int32(mm.width))
            .add(mm.out.address + UInt64(slot * mm.width * MemoryLayout<Double>.stride))
    }

    /// Launches multimeter `m`'s sample of step k (its next slot of the batch).
    func sample(_ m: Int, step k: Int, kernel: CUDAKernel) throws {
        try kernel.launch(threads: multimeters[m].width, sampleArguments(m, slot: multimeters[m].pendingSamples))
        taken(m, step: k)
    }

    /// Notes that multimeter `m`'s next slot holds step k's sample (launched, or in a graph).
    func taken(_ m: Int, step k: Int) {
        multimeters[m].pendingSamples += 1
        multimeters[m].sampleSteps.append(k)
    }

    /// Copies the batch's samples to the host (after the batch's synchronisation), those of
    /// steps before `end` (a blow-up ends the run early).
    func collectSamples(before end: Int) throws {
        for m in multimeters.indices where multimeters[m].pendingSamples > 0 {
            let mm = multimeters[m]
            let kept = mm.pendingSamples - mm.sampleSteps.suffix(mm.pendingSamples).filter { $0 >= end }.count
            multimeters[m].samples += try mm.out.download(kept * mm.width)
            multimeters[m].sampleSteps.removeLast(mm.pendingSamples - kept)
            multimeters[m].pendingSamples = 0
        }
    }

    /// Keeps the recorded ones among a batch's spikes (step << 32 | gid).
    func record(_ keys: [UInt64]) {
        for r in spikeRecorders.indices {
            for key in keys where spikeRecorders[r].recorded[Int(key & 0xFFFF_FFFF)] { spikeRecorders[r].keys.append(key) }
        }
    }
}

extension CUDASimulation {
    func recorderIndex(_ name: String) throws -> Int {
        guard let r = network.spec.recorders.firstIndex(where: { $0.name == name }) else {
            throw HibanaError.invalidNetwork(reason: "no recorder named '\(name)'")
        }
        return r
    }

    public func spikes(_ recorder: String) throws -> SpikeEvents {
        let r = try recorderIndex(recorder)
        guard let rec = recorders.spikeRecorders.first(where: { $0.recorder == r }) else { return SpikeEvents() }
        let keys = rec.keys.sorted()
        return SpikeEvents(
            senders: keys.map { Int($0 & 0xFFFF_FFFF) + 1 }, times: keys.map { Double(($0 >> 32) + 1) * resolution })
    }

    public func multimeter(_ recorder: String) throws -> MultimeterData {
        let r = try recorderIndex(recorder)
        guard let m = recorders.multimeters.first(where: { $0.recorder == r }) else {
            throw HibanaError.invalidNetwork(reason: "recorder '\(recorder)' is a spike recorder, not a multimeter")
        }
        var values: [String: [[Double]]] = [:]
        let count = m.sampleSteps.count
        for (v, name) in m.variables.enumerated() {
            values[name] = m.gids.indices.map { g in
                (0..<count).map { s in m.samples[s * m.width + g * m.variables.count + v] }
            }
        }
        return MultimeterData(
            times: m.sampleSteps.map { Double($0 + 1) * resolution }, senders: m.gids.map { $0 + 1 }, traces: values)
    }
}
