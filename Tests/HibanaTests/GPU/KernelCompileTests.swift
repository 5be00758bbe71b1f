import Foundation
import XCTest
import Hibana
@testable import HibanaCUDA
@testable import HibanaEngineCUDA

/// Every generated kernel compiles to PTX with NVRTC, which runs without a GPU. CI installs the
/// `nvidia-cuda-nvrtc-cu12` wheel and sets HIBANA_REQUIRE_NVRTC=1, so there a missing NVRTC is a
/// failure; elsewhere these tests skip.
final class KernelCompileTests: XCTestCase {
    func nvrtc() throws -> NVRTC {
        do { return try NVRTC() } catch {
            if ProcessEnvironment.current["HIBANA_REQUIRE_NVRTC"] == "1" { XCTFail("NVRTC required: \(error)") }
            throw XCTSkip("\(error)")
        }
    }

    func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("hibana-kernels-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
    }

    /// Architectures: the H100/H200 the benchmark targets, and the oldest with double atomicAdd
    /// (compute_60), or the oldest the loaded NVRTC compiles for (compute_75 from CUDA 13 on).
    func architectures(_ nvrtc: NVRTC) -> [String] {
        ["compute_90", "compute_\(max(60, nvrtc.supportedArchitectures.first ?? 60))"]
    }

    /// The GPU's own architecture where NVRTC knows it, else the newest below it.
    func testArchitectureIsTheNewestNVRTCKnowsUpToTheGPUs() throws {
        let nvrtc = try nvrtc()
        guard !nvrtc.supportedArchitectures.isEmpty else { throw XCTSkip("this NVRTC (\(nvrtc.path)) does not list its architectures") }
        XCTAssert(nvrtc.supportedArchitectures.contains(90), "\(nvrtc.supportedArchitectures)")
        XCTAssertEqual(nvrtc.architecture(for: 90), "compute_90")
        XCTAssertEqual(nvrtc.architecture(for: 99), "compute_\(nvrtc.supportedArchitectures.last { $0 <= 99 }!)")
        XCTAssertNil(nvrtc.architecture(for: 30), "NVRTC 12 compiles for compute_50 and newer")
    }

    func testEveryModelsProgramCompiles() throws {
        let nvrtc = try nvrtc()
        let compiler = KernelCompiler(nvrtc: nvrtc, cacheDirectory: nil)
        let models = GPUSupport.neuronModels
        XCTAssertGreaterThanOrEqual(models.count, 4)
        // All models in one program (the largest switch) in both precisions, and each alone (the common case).
        for (set, precision) in [(models, Precision.float)] + ([models] + models.map { [$0] }).map({ ($0, Precision.double) }) {
            for arch in architectures(nvrtc) {
                let source = NetworkKernels.source(models: set, precision: precision)
                let ptx = String(decoding: try compiler.ptx(source, architecture: arch).ptx, as: UTF8.self)
                for kernel in NetworkKernels.kernelNames {
                    XCTAssert(ptx.contains(".entry \(kernel)"), "\(kernel) missing from the PTX of \(set.map { $0.name })")
                }
            }
        }
    }

    /// The construction program (`GPUConstruction`), which depends on no model, and the bandwidth probe.
    func testConstructionProgramCompiles() throws {
        let nvrtc = try nvrtc()
        let compiler = KernelCompiler(nvrtc: nvrtc, cacheDirectory: nil)
        for arch in architectures(nvrtc) {
            let ptx = String(decoding: try compiler.ptx(ConnectKernels.source, architecture: arch).ptx, as: UTF8.self)
            for kernel in ConnectKernels.kernelNames { XCTAssert(ptx.contains(".entry \(kernel)"), "\(kernel) missing (\(arch))") }
            let probe = String(decoding: try compiler.ptx(GPUBandwidth.source, architecture: arch).ptx, as: UTF8.self)
            XCTAssert(probe.contains(".entry hibana_copy"), arch)
        }
    }

    func testCompileErrorNamesModelAndKernelWithNumberedLines() throws {
        let compiler = KernelCompiler(nvrtc: try nvrtc(), cacheDirectory: nil)
        var source = KernelSource(name: "broken")
        source.append(owner: "prelude", kernel: "types", "typedef int hb_int;")
        source.append(owner: "iaf_broken", kernel: "hb_update_iaf_broken", """
            __device__ void hb_update_iaf_broken(double* v) {
                v[0] = undefined_propagator * v[0];
            }
            """)
        XCTAssertThrowsError(try compiler.ptx(source, architecture: "compute_90")) { error in
            guard case let .compile(models, kernel, log, numbered) = error as? CUDAError else { return XCTFail("\(error)") }
            XCTAssertEqual(models, ["iaf_broken"])
            XCTAssertEqual(kernel, "hb_update_iaf_broken")
            XCTAssert(log.contains("undefined_propagator"), log)
            XCTAssert(numbered.contains("3      v[0] = undefined_propagator * v[0];"), numbered)
            XCTAssertFalse(numbered.contains("typedef"), "only the blamed section is shown")
            let text = "\(error)"
            XCTAssert(text.contains("GPU kernel 'hb_update_iaf_broken' (models: iaf_broken) does not compile"), text)
        }
    }

    func testCompiledKernelsAreCachedByModelSetAndArchitecture() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let compiler = KernelCompiler(nvrtc: try nvrtc(), cacheDirectory: dir)
        let exp = NetworkKernels.source(models: [IafPscExp.self])
        XCTAssertFalse(try compiler.ptx(exp, architecture: "compute_90").cached)
        XCTAssertTrue(try compiler.ptx(exp, architecture: "compute_90").cached)
        XCTAssertFalse(try compiler.ptx(exp, architecture: "compute_80").cached, "another architecture compiles again")
        let two = NetworkKernels.source(models: [IafPscExp.self, IafPscDelta.self])
        XCTAssertNotEqual(compiler.key(two, architecture: "compute_90"), compiler.key(exp, architecture: "compute_90"))
        XCTAssertFalse(try compiler.ptx(two, architecture: "compute_90").cached, "another model set compiles again")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".ptx") }.count, 3)
    }
}

/// Generated numbers read back to the same bits whatever the C locale.
final class CUDALiteralTests: XCTestCase {
    func testLiteralsAreLocaleIndependent() {
        let previous = setlocale(LC_ALL, nil).map { String(cString: $0) }
        // A decimal-comma locale, where one is installed; the literals must not notice.
        for name in ["de_DE.UTF-8", "fr_FR.UTF-8", "C"] where setlocale(LC_ALL, name) != nil { break }
        defer { _ = setlocale(LC_ALL, previous ?? "C") }
        XCTAssertEqual(CUDALiteral.double(0.1), "0.1")
        XCTAssertEqual(CUDALiteral.double(-70), "-70.0")
        XCTAssertEqual(CUDALiteral.double(1e-5), "1e-05")
        XCTAssertEqual(CUDALiteral.double(0x1.0p-53), "1.1102230246251565e-16")
        XCTAssertEqual(CUDALiteral.double(-.infinity), "__longlong_as_double(0xFFF0000000000000LL)")
        XCTAssertEqual(CUDALiteral.float(2.5), "2.5f")
        for x in [0.1, 1.0 / 3, 2.718281828459045, 1e300, -Double.leastNonzeroMagnitude] {
            XCTAssertEqual(Double(CUDALiteral.double(x)), x, "round trip of \(x)")
        }
    }
}
