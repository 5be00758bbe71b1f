/// `volume_transmitter` on the GPU: a spike in every step with spike input, as `parrot_neuron`;
/// the host hands its spikes to the stdp_dopamine_synapse projections that name it.
extension VolumeTransmitter: GPUNeuronModel {
    public static let gpuUpdate = ParrotNeuron.gpuUpdate

    public var gpuConstants: [Double] { [] }
    public func gpuState() -> [GPUArray] { [] }
    public func gpuRecordable(_ index: Int) -> (state: Int, offset: Double) { (0, 0) }
}
