/// Every key a model file may use, and every name a key may take, in one table: the loader checks
/// keys against it (unknown keys get the closest match as a suggestion), and a test checks that
/// `docs/model-format.md` documents each of them.
public enum ModelFileSchema {
    /// A kind of mapping in a model file and the keys it accepts.
    public struct Section: Sendable {
        /// The section's name in messages and documentation: `run`, `population` …
        public let name: String
        public let keys: [String]
    }

    public static let top = Section(
        name: "model", keys: ["run", "parameters", "populations", "devices", "projections", "recorders"])
    public static let run = Section(name: "run", keys: ["resolution", "duration", "seed", "threads", "output", "backend", "precision"])
    public static let population = Section(name: "population", keys: ["model", "size", "params"])
    public static let device = Section(name: "device", keys: ["model", "params"])
    public static let projection = Section(
        name: "projection",
        keys: ["source", "target", "rule"] + ruleArguments.map(\.key)
            + ["allow_autapses", "allow_multapses", "synapse", "synapse_params", "receptor_type", "volume_transmitter",
                "teacher", "record_weights", "weight", "delay"])
    public static let recorder = Section(
        name: "recorder", keys: ["model", "population", "populations", "neurons", "record_from", "interval"])
    public static let distribution = Section(name: "distribution", keys: ["distribution", "mean", "std", "min", "max"])
    /// `record_weights` as a mapping: the weight recorder's selection.
    public static let recordWeights = Section(name: "record_weights", keys: ["senders", "targets"])

    public static let sections = [top, run, population, device, projection, recorder, distribution, recordWeights]

    /// NEST's connection rules with the key of their argument (nil: none).
    public static let rules: [(name: String, argument: String?)] = [
        ("all_to_all", nil), ("one_to_one", nil), ("fixed_indegree", "indegree"), ("fixed_outdegree", "outdegree"),
        ("fixed_total_number", "N"), ("pairwise_bernoulli", "p"),
    ]

    /// The projection keys that are a rule's argument, with the rule that takes each.
    public static var ruleArguments: [(key: String, rule: String)] {
        rules.compactMap { rule in rule.argument.map { ($0, rule.name) } }
    }

    /// Distributions with the arguments each takes, in order.
    public static let distributions: [(name: String, arguments: [String])] = [
        ("normal", ["mean", "std"]), ("lognormal", ["mean", "std"]), ("uniform", ["min", "max"]),
        ("normal_clipped", ["mean", "std", "min", "max"]),
    ]

    public static let recorderModels = ["spike_recorder", "multimeter"]

    /// Values of `run.backend`.
    public static var backends: [String] { Backend.allCases.map(\.rawValue) }
    /// Values of `run.precision`.
    public static var precisions: [String] { Precision.allCases.map(\.rawValue) }

    /// How keys a NEST (PyNEST) user might write are spelled here, for messages about unknown keys.
    static let nestSpellings: [String: String] = [
        "synapse_model": "'synapse'", "weight_recorder": "'record_weights: true' in the projection", "syn_spec": "'synapse', 'weight' and 'delay' in the projection itself",
        "conn_spec": "'rule' and its argument in the projection itself", "parameters": "'params'",
        "n": "'size'", "autapses": "'allow_autapses'", "multapses": "'allow_multapses'",
    ]

    /// Every key and every name the loader accepts, for the documentation check.
    public static var acceptedNames: [String] {
        sections.flatMap(\.keys) + rules.map(\.name) + distributions.map(\.name) + recorderModels + backends + precisions
    }

    /// Names of populations, devices, recorders and `parameters` entries: they appear in key paths
    /// and `--set` overrides, so they are letters, digits, `_` and `-`, starting with a letter or `_`.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_" else { return false }
        return name.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    /// Names usable as `$name` in values: letters, digits and `_` (no `-`, which would read as a minus).
    static func isValidParameterName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) || ("A"..."Z").contains(first) || first == "_"
        else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// The largest population size, degree or neuron index: global neuron ids are 32-bit.
    public static let largestCount = Int(Int32.max)
}
