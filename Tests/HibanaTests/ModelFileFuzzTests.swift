import Foundation
import XCTest
import Hibana

/// Random mutations of valid model files (deleted, doubled and swapped lines, values of the
/// wrong type, garbage, huge numbers, deep nesting, alias bombs, bad overrides) go through the
/// loader and the validator: each must end in a clean list of located problems or a valid
/// model, never a crash or a hang. Seeded, so a failure reproduces.
final class ModelFileFuzzTests: XCTestCase {
    /// SplitMix64: a small seeded generator, so the mutations are the same on every run.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let garbage: [String] = [
        "", "~", "[]", "{}", "[1, 2]", "{a: 1}", "abc", "1e400", "-1e400", "1e308 * 10", "1e12", "-5", "0", "-0", ".nan",
        ".inf", "-.inf", "$x", "$", "$N * $N * $N * $N", "10 kHz", "10 mV", "5 nS", "3 ms", "ms", "&a 1", "*b", "\"\\u0000\"",
        "99999999999999999999", "'0:99999999999'", "'5:2'", "'0:3'", "true", "null", "!!binary AAAA", "!!int 3",
        "2 * (3 + ", "1/0", "0/0", String(repeating: "9", count: 400), "'" + String(repeating: "x", count: 5000) + "'",
        "[[[[[[1]]]]]]", "{distribution: normal_clipped, mean: 0, std: 1, min: 100, max: 101}",
        "{distribution: uniform, min: 5, max: 1}", "{distribution: lognormal, mean: 1000, std: 1000}",
        "{distribution: normal, mean: 1, std: -1}", "[1 ms, 2 ms, x]", "[1e300, -1e300]", "-", "? x", "@", "`", "%YAML",
        Array(repeating: "1", count: 1000).joined(separator: " + "), String(repeating: "-", count: 500) + "1",
        String(repeating: "(", count: 100) + "1" + String(repeating: ")", count: 100), "spike_recorder", "multimeter", "iaf_psc_delta", "fixed_indegree", "pairwise_bernoulli", "one_to_one", "E", "I",
        "drive", "2147483648", "-2147483649", "9223372036854775807", "18446744073709551616", "0.5", "1e-300",
    ]

    static let overrides: [String] = [
        "E.V_th=abc", "g=1e999", "N=1e9", "N=0", "run.duration=-1", "E.size=0", "E.size=2000000000",
        "projections[0].weight={distribution: normal}", "projections[3].rule=fixed_outdegree", "x.y.z=1", "=1", "E.=3",
        "[0]=1", "populations=3", "run=[]", "E.params=5", "E.V_th.min=3", "projections=[]", "projections[99]=1",
        "recorders.vm.neurons='0:100000000000'", "run.resolution=0", "run.resolution=1e-300", "E.V_m=[1, 2]",
        "I.model=spike_recorder", "D.model=", "run.seed=-1", "run.threads=100000",
    ]

    static func seeds() throws -> [(name: String, text: String)] {
        let small = try String(contentsOfFile: ModelFileFixtures.path(valid: "small-network.yaml"), encoding: .utf8)
        var brunel = try String(contentsOfFile: ModelFileFixtures.example("brunel2000"), encoding: .utf8)
        brunel = brunel.replacingOccurrences(of: "NE: 10000", with: "NE: 80").replacingOccurrences(of: "NI: 2500", with: "NI: 20")
            .replacingOccurrences(of: "\"0:50\"", with: "\"0:10\"")
        return [("small-network.yaml", small), ("brunel2000.yaml (small)", brunel)]
    }

    func mutate(_ text: String, _ rng: inout Generator) -> (text: String, overrides: [String], what: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func anyLine() -> Int { Int.random(in: 0..<lines.count, using: &rng) }
        var overrides: [String] = []
        let what: String
        switch Int.random(in: 0..<13, using: &rng) {
        case 0:
            let i = anyLine()
            what = "delete line \(i + 1)"
            lines.remove(at: i)
        case 1:
            let i = anyLine()
            what = "duplicate line \(i + 1)"
            lines.insert(lines[i], at: i)
        case 2:
            let i = anyLine(), j = anyLine()
            what = "swap lines \(i + 1) and \(j + 1)"
            lines.swapAt(i, j)
        case 3, 4, 5:
            let i = anyLine()
            let value = Self.garbage.randomElement(using: &rng)!
            what = "line \(i + 1): a value becomes \(value.prefix(40))"
            lines[i] = replacingAValue(in: lines[i], with: value, &rng)
        case 6:
            let i = anyLine()
            let depth = [10, 99, 101, 500, 999, 1001, 5000].randomElement(using: &rng)!
            let balanced = Bool.random(using: &rng)
            let nested = String(repeating: "[", count: depth) + "1" + String(repeating: "]", count: balanced ? depth : depth / 2)
            what = "line \(i + 1): nesting \(depth) deep"
            lines[i] = replacingAValue(in: lines[i], with: nested, &rng)
        case 7:
            let depth = [50, 150, 1200].randomElement(using: &rng)!
            what = "block nesting \(depth) deep"
            lines.insert("deep:\n" + (0..<depth).map { String(repeating: " ", count: $0) + "- " }.joined(separator: "\n") + "x", at: anyLine())
        case 8:
            let i = anyLine()
            var line = Array(lines[i])
            let c = Array("\t:{}[],'\"-#&*!|>%@`\\ ").randomElement(using: &rng)!
            line.insert(c, at: Int.random(in: 0...line.count, using: &rng))
            what = "line \(i + 1): insert \(c)"
            lines[i] = String(line)
        case 9:
            let i = anyLine()
            what = "line \(i + 1): indentation changed"
            lines[i] = Bool.random(using: &rng) ? "   " + lines[i] : String(lines[i].drop { $0 == " " })
        case 10:
            let keep = Int.random(in: 0...text.count, using: &rng)
            what = "truncated after \(keep) characters"
            return (String(text.prefix(keep)), [], what)
        case 11:
            what = "alias bomb"
            let bomb = (1...7).map { level in
                "x\(level): &a\(level) [" + Array(repeating: level == 1 ? "1" : "*a\(level - 1)", count: 10).joined(separator: ", ") + "]"
            }
            lines.insert(contentsOf: bomb, at: 0)
        default:
            overrides = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Self.overrides.randomElement(using: &rng)! }
            what = "overrides \(overrides)"
        }
        return (lines.joined(separator: "\n"), overrides, what)
    }

    /// The line with the text after one of its `: ` (up to `,`, `}` or the end) replaced.
    func replacingAValue(in line: String, with value: String, _ rng: inout Generator) -> String {
        let chars = Array(line)
        let colons = chars.indices.filter { chars[$0] == ":" && $0 + 1 < chars.count && chars[$0 + 1] == " " }
        guard let colon = colons.randomElement(using: &rng) else { return line + value }
        var end = colon + 2
        var depth = 0
        while end < chars.count {
            let c = chars[end]
            if c == "{" || c == "[" { depth += 1 }
            if c == "}" || c == "]" {
                if depth == 0 { break }
                depth -= 1
            }
            if c == "," && depth == 0 { break }
            end += 1
        }
        return String(chars[..<(colon + 2)]) + value + String(chars[end...])
    }

    func testMutatedModelFilesGiveCleanErrorsOrValidModels() throws {
        var rng = Generator(state: 0x4869_6261_6E61)  // "Hibana"
        let clock = ContinuousClock()
        let started = clock.now
        var valid = 0, refused = 0, tooLarge = 0
        for (name, seed) in try Self.seeds() {
            let original = ModelFile.check(text: seed, file: "fuzz.yaml", memoryLimit: 32 * 1024 * 1024)
            XCTAssertEqual(original.problems, [], "\(name) must be valid before mutation")
            for round in 0..<200 {
                let (text, overrides, what) = mutate(seed, &rng)
                let one = clock.now
                // A limit of 32 MiB keeps the validator (which draws every neuron's values) fast.
                let checked = ModelFile.check(text: text, file: "fuzz.yaml", overrides: overrides, threads: 2, memoryLimit: 32 * 1024 * 1024)
                let seconds = (clock.now - one) / .seconds(1)
                if ProcessInfo.processInfo.environment["HIBANA_FUZZ_TRACE"] != nil {
                    print("fuzz \(round): \(what)\n  " + checked.problems.map(\.description).joined(separator: "\n  "))
                }
                let context = "\(name), round \(round): \(what)"
                XCTAssertLessThan(seconds, 2, "\(context): took \(seconds) s")
                let lineCount = text.split(separator: "\n", omittingEmptySubsequences: false).count
                for problem in checked.problems {
                    XCTAssertFalse(problem.reason.isEmpty, context)
                    XCTAssertFalse(problem.path.isEmpty, context)
                    switch problem.location {
                    case let .file(line, column):
                        XCTAssert(line >= 1 && line <= lineCount + 1 && column >= 1, "\(context): \(problem)")
                        XCTAssert(problem.description.hasPrefix("fuzz.yaml:\(line):\(column): \(problem.path): "), context)
                    case let .override(o):
                        XCTAssert(overrides.contains(o), "\(context): \(problem)")
                    }
                }
                if !checked.problems.isEmpty {
                    refused += 1
                } else if !checked.fitsInMemory {
                    tooLarge += 1
                    XCTAssertNotNil(checked.memoryRefusal, context)
                } else {
                    valid += 1
                    // A model without problems refers only to what exists.
                    let spec = checked.model.spec
                    for p in spec.projections {
                        XCTAssert(spec.populations.indices.contains(p.target), context)
                        switch p.source {
                        case let .population(s): XCTAssert(spec.populations.indices.contains(s), context)
                        case let .device(d): XCTAssert(spec.devices.indices.contains(d), context)
                        }
                    }
                    for r in spec.recorders {
                        for t in r.targets { XCTAssert(spec.populations.indices.contains(t.population), context) }
                    }
                }
            }
        }
        // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
        XCTAssertGreaterThan(valid, 20)
        XCTAssertGreaterThan(refused, 100)
        let total = (clock.now - started) / .seconds(1)
        print("fuzz: \(valid) valid, \(refused) refused, \(tooLarge) too large, in \(total) s")
    }
}
