/// One problem found in a network description, located by its key path in model-file terms:
/// `run.resolution`, `populations.E.params.tau_m`, `projections[2].delay`, `recorders.vm.record_from`.
/// A model-file loader maps the path to file, line and column.
public struct ValidationIssue: Error, Equatable, Sendable, CustomStringConvertible {
    public let path: String
    public let error: HibanaError

    public init(path: String, error: HibanaError) {
        self.path = path
        self.error = error
    }

    public var description: String { "\(path): \(error)" }
}
