/// `parrot_neuron` on the GPU: `repeatInput` — a spike in every step with spike input.
extension ParrotNeuron: GPUNeuronModel {
    public static let gpuUpdate = GPUUpdate(
        constants: [], state: [], code: "if (in_ex != 0.0 || in_in != 0.0) spiked = true;", finite: [])

    public var gpuConstants: [Double] { [] }
    public func gpuState() -> [GPUArray] { [] }
    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (0, 0) }
}
