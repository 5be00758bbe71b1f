/// The bytes of a checkpoint, written field by field: integers and doubles as 8 little-endian
/// bytes (doubles by bit pattern, so they read back bit for bit), arrays and strings with their
/// length first.
struct CheckpointWriter {
    var bytes: [UInt8] = []

    mutating func u64(_ x: UInt64) { withUnsafeBytes(of: x.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func int(_ x: Int) { u64(UInt64(bitPattern: Int64(x))) }
    mutating func double(_ x: Double) { u64(x.bitPattern) }

    mutating func doubles<C: Collection>(_ xs: C) where C.Element == Double {
        int(xs.count)
        bytes.reserveCapacity(bytes.count + 8 * xs.count)
        for x in xs { double(x) }
    }

    mutating func ints<C: Collection>(_ xs: C) where C.Element: BinaryInteger {
        int(xs.count)
        bytes.reserveCapacity(bytes.count + 8 * xs.count)
        for x in xs { int(Int(x)) }
    }

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        int(utf8.count)
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what `CheckpointWriter` wrote; a short or inconsistent file is a thrown error, never a crash.
struct CheckpointReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { offset == bytes.count }

    mutating func u64() throws(CheckpointError) -> UInt64 {
        guard bytes.count - offset >= 8 else { throw .corrupt("the file ends early (at byte \(offset))") }
        var x: UInt64 = 0
        for k in 0..<8 { x |= UInt64(bytes[offset + k]) << (8 * k) }
        offset += 8
        return x
    }

    mutating func int() throws(CheckpointError) -> Int { Int(Int64(bitPattern: try u64())) }
    mutating func double() throws(CheckpointError) -> Double { Double(bitPattern: try u64()) }

    /// An array length, checked against what is left (each element takes at least `size` bytes).
    mutating func count(elementSize size: Int = 8) throws(CheckpointError) -> Int {
        let n = try int()
        guard n >= 0, n <= (bytes.count - offset) / size else { throw .corrupt("an array length of \(n) at byte \(offset - 8)") }
        return n
    }

    /// An array that must have `expected` elements (the size of this network's part), named in the error.
    mutating func doubles(expected: Int, _ what: @autoclosure () -> String) throws(CheckpointError) -> [Double] {
        let n = try count()
        guard n == expected else { throw .corrupt("\(what()): \(n) values saved, \(expected) in this network") }
        var xs = [Double](repeating: 0, count: n)
        for i in 0..<n { xs[i] = try double() }
        return xs
    }

    mutating func ints(expected: Int, _ what: @autoclosure () -> String) throws(CheckpointError) -> [Int] {
        let n = try count()
        guard n == expected else { throw .corrupt("\(what()): \(n) values saved, \(expected) in this network") }
        var xs = [Int](repeating: 0, count: n)
        for i in 0..<n { xs[i] = try int() }
        return xs
    }

    mutating func string() throws(CheckpointError) -> String {
        let n = try count(elementSize: 1)
        defer { offset += n }
        return String(decoding: bytes[offset..<offset + n], as: UTF8.self)
    }
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
