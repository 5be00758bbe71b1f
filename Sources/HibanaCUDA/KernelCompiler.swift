import Foundation

/// Compiles generated kernels to PTX with NVRTC, once: PTX is cached on disk under a hash of the
/// source (which spells out the model set and state layout), the architecture, the options and
/// the NVRTC version, so a second run of the same model set starts without compiling.
public final class KernelCompiler: @unchecked Sendable {
    // Immutable; the cache tolerates concurrent writers (write to a temporary, then rename).
    public let nvrtc: NVRTC
    /// nil: no disk cache.
    public let cacheDirectory: URL?

    /// Options every kernel is compiled with. `--fmad=false`: no fused multiply-add, so that
    /// double-precision updates give the same bits as the CPU's (Swift does not contract a*b+c).
    public static let options = ["--std=c++17", "--fmad=false", "-default-device"]

    public init(nvrtc: NVRTC, cacheDirectory: URL? = KernelCompiler.defaultCacheDirectory()) {
        self.nvrtc = nvrtc
        self.cacheDirectory = cacheDirectory
    }

    /// `HIBANA_KERNEL_CACHE`, else `$XDG_CACHE_HOME/hibana/kernels`, else `~/.cache/hibana/kernels`.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessEnvironment.current) -> URL? {
        if let dir = environment["HIBANA_KERNEL_CACHE"] { return dir.isEmpty ? nil : URL(fileURLWithPath: dir) }
        if let xdg = environment["XDG_CACHE_HOME"] { return URL(fileURLWithPath: xdg).appendingPathComponent("hibana/kernels") }
        guard let home = environment["HOME"] else { return nil }
        return URL(fileURLWithPath: home).appendingPathComponent(".cache/hibana/kernels")
    }

    /// The cache key: 128 bits of FNV-1a over everything that changes the PTX.
    public func key(_ source: KernelSource, architecture: String) -> String {
        let material = [source.text, architecture, Self.options.joined(separator: " "), nvrtc.version].joined(separator: "\u{0}")
        return fnv1a(material, basis: 0xCBF2_9CE4_8422_2325) + fnv1a(material, basis: 0x6C62_272E_07BB_0142)
    }

    /// PTX for `architecture` (`compute_90`), from the cache or NVRTC; `cached` says which.
    public func ptx(_ source: KernelSource, architecture: String) throws -> (ptx: [UInt8], cached: Bool) {
        let file = cacheDirectory?.appendingPathComponent("\(key(source, architecture: architecture))-\(architecture).ptx")
        if let file, let data = try? Data(contentsOf: file), !data.isEmpty { return ([UInt8](data), true) }
        let output = try nvrtc.compile(
            source.text, name: source.name + ".cu", options: Self.options + ["--gpu-architecture=\(architecture)"])
        guard let ptx = output.ptx else {
            let blamed = source.sections(blamedBy: output.log)
            throw CUDAError.compile(
                models: unique(blamed.map(\.owner)), kernel: unique(blamed.map(\.kernel)).joined(separator: ", "),
                log: output.log, numberedSource: source.numbered(blamed))
        }
        if let file { store(ptx, at: file) }
        return (ptx, false)
    }

    /// Best effort: a cache that cannot be written only costs a compile next time.
    private func store(_ ptx: [UInt8], at file: URL) {
        let dir = file.deletingLastPathComponent()
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let temporary = dir.appendingPathComponent(".\(file.lastPathComponent).\(getpid())")
        guard (try? Data(ptx).write(to: temporary)) != nil else { return }
        if rename(temporary.path, file.path) != 0 { try? FileManager.default.removeItem(at: temporary) }
    }
}

private func unique(_ names: [String]) -> [String] {
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
}

private func fnv1a(_ text: String, basis: UInt64) -> String {
    var h = basis
    for byte in text.utf8 {
        h ^= UInt64(byte)
        h = h &* 0x0000_0100_0000_01B3
    }
    let hex = String(h, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
}
