import ArgumentParser

@main
struct HibanaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hibana",
        abstract: "Hibana: a spiking-neural-network brain simulator.",
        subcommands: [
            RunCommand.self, ValidateCommand.self, ModelsCommand.self, BenchCommand.self, PlasticityCommand.self,
            GPUBenchCommand.self, GPUsCommand.self,
        ])
}
