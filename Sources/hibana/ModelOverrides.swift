import ArgumentParser

/// `--set PATH=VALUE`, repeatable: the overrides every command that reads a model file takes.
struct ModelOverrides: ParsableArguments {
    @Option(
        name: .customLong("set"),
        help: ArgumentHelp(
            "Override a value: NAME=VALUE for the parameters block (g=4.5), POPULATION.KEY=VALUE (E.V_th=18), "
                + "or a key path (run.duration=200ms, projections[1].synapse=stdp_synapse). Repeatable.",
            valueName: "PATH=VALUE"))
    var values: [String] = []
}
