import HibanaDescription

/// Every neuron model Hibana knows, by NEST name. The one table through which the build layer
/// and the command line find models.
public enum ModelCatalog {
    public static var neurons: [any NeuronModel.Type] {
        [
            IafPscDelta.self, IafPscExp.self, IafPscAlpha.self, IafCondExp.self, IafCondAlpha.self, AeifCondExp.self,
            HhPscAlpha.self, Izhikevich.self, ParrotNeuron.self, VolumeTransmitter.self,
        ]
    }

    public static func neuron(named name: String) throws -> any NeuronModel.Type {
        if let m = neurons.first(where: { $0.name == name }) { return m }
        throw HibanaError.unknownModel(name: name, suggestion: closestMatch(to: name, in: allNames))
    }

    public static var devices: [any DeviceModel.Type] {
        [DcGenerator.self, StepCurrentGenerator.self, NoiseGenerator.self, PoissonGenerator.self, SpikeGenerator.self]
    }

    public static func device(named name: String) throws -> any DeviceModel.Type {
        if let m = devices.first(where: { $0.name == name }) { return m }
        throw HibanaError.unknownModel(name: name, suggestion: closestMatch(to: name, in: allNames))
    }

    public static var allNames: [String] { neurons.map { $0.name } + devices.map { $0.name } + SynapseCatalog.rules.map { $0.name } }
}
