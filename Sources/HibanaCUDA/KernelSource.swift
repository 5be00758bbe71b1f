/// Generated CUDA C source, assembled in sections that remember who wrote them (a model, the
/// delivery code, the random-number prelude …), so a compile error can name the model and kernel
/// whose lines NVRTC rejected.
public struct KernelSource: Sendable {
    public struct Section: Sendable {
        /// The model (`iaf_psc_exp`) or part (`delivery`) that wrote the lines.
        public let owner: String
        /// The kernel or function the lines belong to.
        public let kernel: String
        /// 1-based line numbers in `text`.
        public let lines: ClosedRange<Int>
    }

    /// NVRTC's name of the program, shown in its messages.
    public let name: String
    public private(set) var text = ""
    public private(set) var sections: [Section] = []
    private var lineCount = 0

    public init(name: String) { self.name = name }

    /// Appends `code` (whole lines) as written by `owner` for `kernel`.
    public mutating func append(owner: String, kernel: String, _ code: String) {
        var code = code
        if !code.hasSuffix("\n") { code += "\n" }
        let added = code.reduce(0) { $0 + ($1 == "\n" ? 1 : 0) }
        sections.append(Section(owner: owner, kernel: kernel, lines: (lineCount + 1)...(lineCount + added)))
        lineCount += added
        text += code
    }

    /// The sections holding the lines NVRTC's log points at (`name(LINE): error …`).
    public func sections(blamedBy log: String) -> [Section] {
        var lines = Set<Int>()
        for entry in log.split(separator: "\n") where entry.contains("error") {
            guard let open = entry.firstIndex(of: "("), let close = entry[open...].firstIndex(of: ")"),
                let n = Int(entry[entry.index(after: open)..<close])
            else { continue }
            lines.insert(n)
        }
        return sections.filter { s in lines.contains { s.lines.contains($0) } }
    }

    /// The lines of `sections` with their numbers in the whole source (all lines if none).
    public func numbered(_ sections: [Section]) -> String {
        let all = text.numberedLines().split(separator: "\n", omittingEmptySubsequences: false)
        guard !sections.isEmpty else { return all.joined(separator: "\n") }
        return sections.map { s in
            "// \(s.owner): \(s.kernel)\n" + all[(s.lines.lowerBound - 1)..<min(all.count, s.lines.upperBound)].joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
