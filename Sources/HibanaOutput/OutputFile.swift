import Foundation

/// A file written front to back through a 1 MiB buffer, so a recording of millions of spikes
/// never needs a second copy in memory.
final class OutputFile {
    let url: URL
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private static let capacity = 1 << 20

    /// Creates (or truncates) the file.
    init(creating url: URL) throws {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
            let handle = FileHandle(forWritingAtPath: url.path)
        else { throw OutputError.cannotWrite(path: url.path, reason: "the file cannot be created") }
        self.handle = handle
        buffer.reserveCapacity(Self.capacity)
    }

    func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.capacity { flushQuietly() }
    }

    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.capacity { flushQuietly() }
    }

    func writeLittleEndian(_ x: Int64) {
        withUnsafeBytes(of: x.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.capacity { flushQuietly() }
    }

    func writeLittleEndian(_ x: Double) {
        withUnsafeBytes(of: x.bitPattern.littleEndian) { buffer.append(contentsOf: $0) }
        if buffer.count >= Self.capacity { flushQuietly() }
    }

    private var pendingError: Error?

    private func flushQuietly() {
        do { try flush() } catch { if pendingError == nil { pendingError = error } }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file; reports the first write error.
    func close() throws {
        do {
            try flush()
            try handle.close()
        } catch {
            throw OutputError.cannotWrite(path: url.path, reason: "\(error)")
        }
        if let pendingError { throw OutputError.cannotWrite(path: url.path, reason: "\(pendingError)") }
    }

    /// Writes a whole text file.
    static func write(_ text: String, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write(text)
        try file.close()
    }
}
