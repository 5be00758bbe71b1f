import Foundation
import XCTest
import HibanaRandom
@testable import HibanaEngine
@testable import HibanaEngineCUDA

/// The CUDA C port of `RandomStream` and of PTRS (Poisson means of 10 and more), compiled by the
/// host's C compiler (the source is plain C apart from one macro): it must draw the same numbers
/// as Swift. (The lockstep inversion of smaller means is checked end to end on the emulator.)
final class RandomStreamSourceTests: XCTestCase {
    func testCPortDrawsTheSameNumbersAsRandomStream() throws {
        guard let cc = ["/usr/bin/cc", "/usr/bin/gcc", "/usr/bin/clang"].first(where: FileManager.default.isExecutableFile)
        else { throw XCTSkip("no C compiler") }
        // The third is handed over mid-buffer (the CPU stream buffers eight blocks, the GPU's one).
        var advanced = RandomStream(seed: 5, purpose: .poissonInput, family: 1, id: 4)
        for _ in 0..<45 { _ = advanced.next32() }
        let streams = [RandomStream(seed: 1, purpose: .poissonInput, family: 3, id: 17),
                       RandomStream(seed: 0xDEAD_BEEF_1234, purpose: .poissonInput, family: 0, id: 77_168), advanced]
        // PTRS's smallest mean, one in the Stirling range of ln k!, and one far above.
        let means = [10.0, 37.5, 2500.0]
        var expected: [String] = []
        for s in streams {
            var a = s
            expected.append((0..<9).map { _ in String(a.next32()) }.joined(separator: " "))
            for mean in means {
                var b = s
                let sampler = PoissonSampler(mean: mean)
                expected.append((0..<200).map { _ in String(sampler.sample(&b)) }.joined(separator: " "))
            }
        }
        let initialisers = streams.map { "{" + $0.stateWords.map { "\($0)u" }.joined(separator: ", ") + "}" }
        let program = """
            #include <stdio.h>
            #include <math.h>
            #include <string.h>
            #define HB_FN static
            \(RandomStreamSource.text)
            /* The bytes the GPU backend uploads, read as the struct: checks the layout too. */
            _Static_assert(sizeof(hb_stream) == 48, "hb_stream is 12 words");
            static hb_stream load(const unsigned w[12]) {
                hb_stream s;
                memcpy(&s, w, sizeof s);
                return s;
            }
            int main(void) {
                const unsigned words[\(streams.count)][12] = {\(initialisers.joined(separator: ", "))};
                const double constants[\(means.count)][38] = {\(means.map { "{" + PoissonSampler(mean: $0).ptrsConstants.map { "\($0)" }.joined(separator: ", ") + "}" }.joined(separator: ", "))};
                for (int i = 0; i < \(streams.count); ++i) {
                    hb_stream a = load(words[i]);
                    for (int k = 0; k < 9; ++k) printf(k ? " %u" : "%u", hb_next32(&a));
                    printf("\\n");
                    for (int m = 0; m < \(means.count); ++m) {
                        hb_stream b = load(words[i]);
                        for (int k = 0; k < 200; ++k) printf(k ? " %lld" : "%lld", hb_ptrs(&b, constants[m]));
                        printf("\\n");
                    }
                }
                return 0;
            }
            """
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hibana-philox-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = dir.appendingPathComponent("philox.c"), binary = dir.appendingPathComponent("philox")
        try program.write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try run(cc, ["-std=c11", "-O1", "-ffp-contract=off", source.path, "-o", binary.path, "-lm"]).status, 0)
        let output = try run(binary.path, [])
        XCTAssertEqual(output.status, 0)
        XCTAssertEqual(output.text.split(separator: "\n").map(String.init), expected)
    }

    func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, text: String) {
        let result = try runProcess(URL(fileURLWithPath: path), arguments)
        return (result.status, result.output)
    }
}
