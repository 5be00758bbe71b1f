import HibanaBenchC
import HibanaDescription
import HibanaModels

/// The neuron models whose update the benchmark sets against a C loop of the same math.
public enum BenchNeuronModel: String, CaseIterable, Sendable {
    case iafPscExp = "iaf_psc_exp"
    case iafCondExp = "iaf_cond_exp"
}

/// Cost of one neuron-step in Swift (the model the engine runs) and in C (-O3, same operations),
/// on the same neurons, parameters and inputs; the final voltages and spike counts show the two
/// did the same work.
public struct NeuronUpdateComparison: Sendable {
    public let model: BenchNeuronModel
    public let neurons: Int
    public let steps: Int
    /// Median nanoseconds per neuron-step.
    public let swiftNanoseconds: Double
    public let cNanoseconds: Double
    public let swiftSpikes: Int
    public let cSpikes: Int
    /// Largest |V_m(Swift) − V_m(C)| after the run, mV.
    public let maxVoltageDifference: Double

    public var ratio: Double { swiftNanoseconds / cNanoseconds }
    /// Mean firing rate of the benchmark neurons, Hz (resolution 0.1 ms).
    public var rate: Double { Double(swiftSpikes) / Double(neurons) / (Double(steps) * 1e-4) }
}

public enum NeuronUpdateBench {
    static let resolution = 0.1
    /// Input patterns cycled through, so inputs vary from step to step without a generator in the loop.
    static let patterns = 16

    public static func compare(
        _ model: BenchNeuronModel, neurons: Int, steps: Int, repetitions: Int = 5
    ) throws -> NeuronUpdateComparison {
        let setup = try Setup(model, neurons: neurons)
        var swiftTimes: [Double] = []
        var cTimes: [Double] = []
        var swiftRun = (spikes: 0, voltages: [Double]())
        var cRun = swiftRun
        for _ in 0..<repetitions {
            // Interleaved, so a disturbance on the shared machine hits both alike.
            swiftTimes.append(seconds { swiftRun = setup.runSwift(steps: steps) })
            cTimes.append(seconds { cRun = setup.runC(steps: steps) })
        }
        let perStep = 1e9 / Double(neurons * steps)
        let difference = zip(swiftRun.voltages, cRun.voltages).map { abs($0 - $1) }.max() ?? 0
        return NeuronUpdateComparison(
            model: model, neurons: neurons, steps: steps, swiftNanoseconds: median(swiftTimes) * perStep,
            cNanoseconds: median(cTimes) * perStep, swiftSpikes: swiftRun.spikes, cSpikes: cRun.spikes,
            maxVoltageDifference: difference)
    }

    /// Parameters (per-neuron V_m and I_e drawn once) and step inputs shared by both languages.
    struct Setup {
        let model: BenchNeuronModel
        let neurons: Int
        let table: ParameterTable
        let excitatory: [Double]
        let inhibitory: [Double]
        let current: [Double]

        init(_ model: BenchNeuronModel, neurons n: Int) throws {
            self.model = model
            neurons = n
            var random = BenchInputStream(state: 2014)
            // Drive near threshold with fluctuating synaptic input, so both branches (spike,
            // refractory) are taken as in a network: psc in pA, cond in nS.
            let (ie, exWeight, inWeight): (ClosedRange<Double>, Double, Double) =
                model == .iafPscExp ? (300...450, 87.8, -351.2) : (200...350, 1.0, -1.0)
            let vm = (0..<n).map { _ in -70 + 15 * random.next() }
            let iE = (0..<n).map { _ in ie.lowerBound + (ie.upperBound - ie.lowerBound) * random.next() }
            let count = NeuronUpdateBench.patterns * n
            excitatory = (0..<count).map { _ in random.next() < 0.3 ? exWeight : 0 }
            inhibitory = (0..<count).map { _ in random.next() < 0.1 ? inWeight : 0 }
            current = (0..<count).map { _ in random.next() < 0.05 ? 20 * random.next() : 0 }
            let neuron = try ModelCatalog.neuron(named: model.rawValue)
            table = try ParameterResolution.resolve(
                model: neuron.name, specs: neuron.parameters, given: ["V_m": .list(vm), "I_e": .list(iE)], total: n,
                first: 0, count: n, gid0: 0, seed: 1, family: 0)
        }

        func runSwift(steps: Int) -> (spikes: Int, voltages: [Double]) {
            let neuron = model == .iafPscExp ? IafPscExp.self as any NeuronModel.Type : IafCondExp.self
            let block = neuron.init(parameters: table, resolution: NeuronUpdateBench.resolution)
            var out = SpikeOutput()
            var spikes = 0
            withInputs { ex, inh, cur in
                for k in 0..<steps {
                    let offset = (k % NeuronUpdateBench.patterns) * neurons
                    block.update(
                        input: StepInput(excitatory: ex + offset, inhibitory: inh + offset, current: cur + offset),
                        spikes: &out)
                    spikes += out.indices.count
                    out.indices.removeAll(keepingCapacity: true)
                }
            }
            return (spikes, (0..<neurons).map { block.recordable(0, neuron: $0) })
        }

        func runC(steps: Int) -> (spikes: Int, voltages: [Double]) {
            model == .iafPscExp ? runIafPscExpC(steps: steps) : runIafCondExpC(steps: steps)
        }

        private func runIafPscExpC(steps: Int) -> (spikes: Int, voltages: [Double]) {
            let h = NeuronUpdateBench.resolution
            let p = table
            let tauM = p.scalar("tau_m"), cM = p.scalar("C_m"), eL = p.scalar("E_L")
            var constants = hibana_iaf_psc_exp_constants(
                p22: Propagators.decay(h, tauM), p11ex: Propagators.decay(h, p.scalar("tau_syn_ex")),
                p11in: Propagators.decay(h, p.scalar("tau_syn_in")),
                p21ex: Propagators.exponentialCurrent(h, tauM: tauM, tauS: p.scalar("tau_syn_ex"), cM: cM),
                p21in: Propagators.exponentialCurrent(h, tauM: tauM, tauS: p.scalar("tau_syn_in"), cM: cM),
                p20: Propagators.constantCurrent(h, tauM: tauM, cM: cM),
                refractory_steps: refractorySteps(p.scalar("t_ref"), h))
            var v = p.perNeuron("V_m").map { $0 - eL }
            let theta = p.perNeuron("V_th").map { $0 - eL }, vReset = p.perNeuron("V_reset").map { $0 - eL }
            let iE = p.perNeuron("I_e")
            var iEx = [Double](repeating: 0, count: neurons), iIn = iEx, iStim = iEx
            var refractory = [Int32](repeating: 0, count: neurons)
            var spikeIndices = [Int32](repeating: 0, count: neurons)
            var spikes = 0
            withInputs { ex, inh, cur in
                for k in 0..<steps {
                    let offset = (k % NeuronUpdateBench.patterns) * neurons
                    spikes += hibana_iaf_psc_exp_step(
                        &constants, neurons, &v, &iEx, &iIn, &iStim, &refractory, theta, vReset, iE,
                        ex + offset, inh + offset, cur + offset, &spikeIndices)
                }
            }
            return (spikes, v.map { $0 + eL })
        }

        private func runIafCondExpC(steps: Int) -> (spikes: Int, voltages: [Double]) {
            let h = NeuronUpdateBench.resolution
            let p = table
            var constants = hibana_iaf_cond_exp_constants(
                g_L: p.scalar("g_L"), E_L: p.scalar("E_L"), E_ex: p.scalar("E_ex"), E_in: p.scalar("E_in"),
                C_m: p.scalar("C_m"), tau_ex: p.scalar("tau_syn_ex"), tau_in: p.scalar("tau_syn_in"), h: h,
                eps_abs: 1e-3, refractory_steps: refractorySteps(p.scalar("t_ref"), h))
            var v = p.perNeuron("V_m"), gEx = p.perNeuron("g_ex"), gIn = p.perNeuron("g_in")
            let vTh = p.perNeuron("V_th"), vReset = p.perNeuron("V_reset"), iE = p.perNeuron("I_e")
            var iStim = [Double](repeating: 0, count: neurons)
            var step = [Double](repeating: h, count: neurons)
            var refractory = [Int32](repeating: 0, count: neurons)
            var spikeIndices = [Int32](repeating: 0, count: neurons)
            var spikes = 0
            withInputs { ex, inh, cur in
                for k in 0..<steps {
                    let offset = (k % NeuronUpdateBench.patterns) * neurons
                    spikes += hibana_iaf_cond_exp_step(
                        &constants, neurons, &v, &gEx, &gIn, &iStim, &refractory, &step, vTh, vReset, iE,
                        ex + offset, inh + offset, cur + offset, &spikeIndices)
                }
            }
            return (spikes, v)
        }

        /// The step inputs of all patterns (excitatory, inhibitory, current), pattern-major.
        private func withInputs(
            _ body: (UnsafePointer<Double>, UnsafePointer<Double>, UnsafePointer<Double>) -> Void
        ) {
            excitatory.withUnsafeBufferPointer { ex in
                inhibitory.withUnsafeBufferPointer { inh in
                    current.withUnsafeBufferPointer { cur in body(ex.baseAddress!, inh.baseAddress!, cur.baseAddress!) }
                }
            }
        }
    }
}
