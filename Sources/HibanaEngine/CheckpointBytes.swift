/// The bytes of a checkpoint, written field by field: integers and doubles as 8 little-endian
/// bytes (doubles by bit pattern, so they read back bit for bit), arrays and strings with their
/// length first.
public struct CheckpointWriter {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func u64(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    public mutating func int(_ x: Int) { u64(UInt64(bitPattern: Int64(x))) }
    public mutating func double(_ x: Double) { u64(x.bitPattern) }

    public mutating func doubles<C: Collection>(_ xs: C) where C.Element == Double {
        int(xs.count)
        bytes.reserveCapacity(bytes.count + 8 * xs.count)
        for x in xs { double(x) }
    }

    public mutating func ints<C: Collection>(_ xs: C) where C.Element: BinaryInteger {
        int(xs.count)
        bytes.reserveCapacity(bytes.count + 8 * xs.count)
        for x in xs { int(Int(x)) }
    }

    public mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what `CheckpointWriter` wrote; a short or inconsistent file is a thrown error, never a crash.
public struct CheckpointReader {
    public let bytes: [UInt8]
    public var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var atEnd: Bool { offset == bytes.count }

    public mutating func u64() throws(CheckpointError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw .corrupt("the file ends early (at byte \(offset))") }
        var x: UInt64 = 0
        for k in 0..<8 { x |= UInt64(bytes[offset + k]) << (8 * k) }
        offset += 8
        return x
    }

    public mutating func int() throws(CheckpointError) -> Int { Int(Int64(bitPattern: try u64())) }
    public mutating func double() throws(CheckpointError) -> Double { Double(bitPattern: try u64()) }

    /// An array length, checked against what is left (each element takes at least `size` bytes).
    public mutating func count(elementSize size: Int = 8) throws(CheckpointError) -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / size else { throw .corrupt("an array length of \(n) at byte \(offset - 8)") }
        return n
    }

    /// An array that must have `expected` elements (the size of this network's part), named in the error.
    public mutating func doubles(expected: Int, _ what: @autoclosure () -> String) throws(CheckpointError) -> [Double] {
        let n = try count()
        guard n == expected else { throw .corrupt("\(what()): \(n) values saved, \(expected) in this network") }
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = try double() }
        return xs
    }

    public mutating func ints(expected: Int, _ what: @autoclosure () -> String) throws(CheckpointError) -> [Int] {
        let n = try count()
        guard n == expected else { throw .corrupt("\(what()): \(n) values saved, \(expected) in this network") }
        var xs = [Int](repeating: 0, count: n)
        for i in 0..<n { xs[i] = try int() }
        return xs
    }

    public mutating func string() throws(CheckpointError) -> String {
        let n = try count(elementSize: 1)
        defer { offset += n }
        return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
    }
}

/// A simulation whose whole dynamic state can be saved and restored (`saveState`, `loadState`).
public protocol Checkpointable: AnyObject {
    /// The state now, as the bytes of a checkpoint.
    func checkpoint() throws -> [UInt8]
    /// Sets the state to a checkpoint's (a `CheckpointError` when it cannot be this simulation's).
    func restore(checkpoint bytes: [UInt8]) throws
}

/// What starts every checkpoint, of either backend: the magic, the format version, and the
/// fingerprint (what must be the same to load: `Simulation.fingerprint(of:threads:)`, plus the
/// backend for a GPU's) with its hash, so a file from another network or backend is refused by name.
public enum CheckpointHeader {
    public static let magic = Array("HBNSTATE".utf8)
    public static let version = 2

    public static func write(fingerprint rows: [(key: String, value: String)], to w: inout CheckpointWriter) {
        w.bytes += magic
        w.int(version)
        w.u64(fnv1a(text(rows)))
        w.int(rows.count)
        for row in rows {
            w.string(row.key)
            w.string(row.value)
        }
    }

    /// A reader past the header of `bytes`, which must carry the fingerprint `here`.
    public static func read(_ bytes: [UInt8], here: [(key: String, value: String)]) throws(CheckpointError) -> CheckpointReader {
        var r = CheckpointReader(bytes)
        guard bytes.starts(with: magic) else { throw .notACheckpoint }
        r.offset = magic.count
        let found = try r.int()
        guard found == version else { throw .unsupportedVersion(found: found, supported: version) }
        let savedHash = try r.u64()
        var saved: [(key: String, value: String)] = []
        for _ in 0..<(try r.count(elementSize: 16)) { saved.append((try r.string(), try r.string())) }
        guard savedHash == fnv1a(text(saved)) else { throw .corrupt("the fingerprint does not match its hash") }
        if savedHash != fnv1a(text(here)) { throw .differentNetwork(differences: differences(saved: saved, here: here)) }
        return r
    }

    static func text(_ rows: [(key: String, value: String)]) -> [UInt8] {
        Array(rows.map { "\($0.key)=\($0.value)\n" }.joined().utf8)
    }

    /// "what: in the checkpoint …, here …" for every row that differs.
    static func differences(saved: [(key: String, value: String)], here: [(key: String, value: String)]) -> [String] {
        var out: [String] = []
        for row in here {
            let old = saved.first { $0.key == row.key }?.value
            if old != row.value { out.append("\(row.key): in the checkpoint \(old ?? "absent"), here \(row.value)") }
        }
        for row in saved where !here.contains(where: { $0.key == row.key }) {
            out.append("\(row.key): in the checkpoint \(row.value), here absent")
        }
        return out
    }
}

/// FNV-1a, 64 bits: a stable hash (Swift's Hasher is seeded per process).
func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return h
}

/// Why a checkpoint cannot be loaded.
public enum CheckpointError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file does not start with the checkpoint magic.
    case notACheckpoint
    /// Written by a format version this build does not read.
    case unsupportedVersion(found: Int, supported: Int)
    /// Saved from another network (or seed, resolution or thread count): what differs, as
    /// "what: in the checkpoint … , here …".
    case differentNetwork(differences: [String])
    /// The file is damaged or was not written by Hibana.
    case corrupt(String)

    public var description: String {
        switch self {
        case .notACheckpoint: return "not a Hibana checkpoint (no HBNSTATE magic at the start)"
        case let .unsupportedVersion(found, supported):
            return "checkpoint format version \(found); this build reads version \(supported)"
        case let .differentNetwork(differences):
            return "the checkpoint was saved from a different network; build the same model with the same seed, "
                + "resolution and threads to load it. Differences: " + differences.joined(separator: "; ")
        case let .corrupt(reason): return "damaged checkpoint: \(reason)"
        }
    }
}
