import ArgumentParser
import Hibana

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure neuron update cost, spike delivery and network construction.")

    func run() throws {
        print("bench: not yet implemented")
    }
}
