/// Why results could not be written. Each case names the path, so the message says what to change.
public enum OutputError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The run directory already holds files; results are never overwritten unless asked.
    case directoryExists(path: String)
    /// The output path exists and is a file, not a directory.
    case notADirectory(path: String)
    /// The file system refused a write (permissions, full disk …).
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case let .directoryExists(path):
            return "output directory '\(path)' already exists and is not empty; choose another directory, "
                + "or pass --force (RunWriter(directory:force: true)) to overwrite the results in it"
        case let .notADirectory(path):
            return "output path '\(path)' exists and is not a directory"
        case let .cannotWrite(path, reason):
            return "cannot write '\(path)': \(reason)"
        }
    }
}
