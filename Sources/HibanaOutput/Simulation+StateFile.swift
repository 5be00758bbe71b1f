import Foundation
import HibanaEngine

/// Checkpoint files: `saveState` writes the simulation's whole dynamic state (see
/// `Simulation.checkpoint()` and `CUDASimulation.checkpoint()` for the formats), `loadState` sets
/// a simulation of the same backend, built from the same model, seed and thread count, to it, and
/// the next `run` continues exactly where the saved one stopped.
///
///     try first.run(100); try first.saveState(to: url)
///     let second = Simulation(try NetworkBuilder.build(spec, threads: 2))
///     try second.loadState(from: url); try second.run(100)   // spikes of 100…200 ms as one 200 ms run
extension Checkpointable {
    /// Writes the state to `url` (a directory, or a path ending in `/`, which is created:
    /// `url/state.hibana`); returns the file written.
    @discardableResult
    public func saveState(to url: URL) throws -> URL {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
        let directory = exists ? isDirectory.boolValue : url.hasDirectoryPath
        let file = directory ? url.appendingPathComponent(Self.stateFileName) : url
        do {
            if directory && !exists { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
            try Data(checkpoint()).write(to: file, options: .atomic)
        } catch {
            throw OutputError.cannotWrite(path: file.path, reason: "\(error.localizedDescription)")
        }
        return file
    }

    /// Sets the state to the checkpoint in `url` (a directory: `url/state.hibana`).
    public func loadState(from url: URL) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw CheckpointFileError(path: url.path, problem: .corrupt("no such file"))
        }
        let file = isDirectory.boolValue ? url.appendingPathComponent(Self.stateFileName) : url
        let bytes: Data
        do { bytes = try Data(contentsOf: file) } catch {
            throw CheckpointFileError(path: file.path, problem: .corrupt("cannot be read (\(error.localizedDescription))"))
        }
        do { try restore(checkpoint: [UInt8](bytes)) } catch let error as CheckpointError {
            throw CheckpointFileError(path: file.path, problem: error)
        }
    }

    /// The file name `saveState` and `loadState` use inside a directory.
    public static var stateFileName: String { "state.hibana" }
}

/// A checkpoint file that cannot be loaded: its path and why.
public struct CheckpointFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let problem: CheckpointError

    public var description: String { "\(path): \(problem)" }
}
