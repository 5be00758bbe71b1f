import Foundation
import HibanaCommunication
import HibanaEngine

/// Writes a run's results into one directory; the single entry point for every way a run ends
/// (normal end, SIGINT, numerical blow-up): what was recorded up to then is written.
///
///     let writer = try RunWriter(directory: URL(fileURLWithPath: "out/brunel"))  // refuses an existing run at once
///     let simulation = Simulation(network)
///     do { try simulation.run(1000) } catch { _ = try writer.write(simulation: simulation, interrupted: true, reason: "\(error)"); throw error }
///     let files = try writer.write(simulation: simulation, requestedDuration: 1000)
///
/// Files (every recorder gets its own files, named after it; characters other than letters,
/// digits, `.`, `_` and `-` become `_`, and `-2`, `-3` … keep clashing names apart):
///
/// - `<recorder>.spikes.npy` — each spike recorder: NumPy .npy v1.0, a one-dimensional
///   structured array of dtype `[('sender', '<i8'), ('time', '<f8')]`: sender is NEST's 1-based
///   node id, time the spike time in ms. Rows sorted by time, then sender. Read with
///   `numpy.load(path)`; `a['sender']`, `a['time']`.
/// - `<recorder>.spikes.csv` — the same rows, header `sender,time_ms`.
/// - `<recorder>.multimeter.npy` — each multimeter: a one-dimensional structured array of dtype
///   `[('sender', '<i8'), ('time', '<f8'), (variable, '<f8') …]`, one field per recorded variable
///   in the recorder's order (NEST names and units, e.g. `V_m` in mV), in time-major order (for
///   each sample time, every recorded neuron in increasing id order), so for S senders
///   `a['V_m'].reshape(-1, S)` is a (time × neuron) matrix and `a['sender'][:S]` its columns.
/// - `<recorder>.multimeter.csv` — the same rows, header `sender,time_ms,<variable>,…`.
/// - `summary.json` — the run: status (interrupted, reason, time reached), wall times, real-time
///   factor, peak memory, network size, spike counts, per-population statistics of the recorded
///   neurons (see `SpikeStatistics`), each recorder's files, and the definitions of the figures.
/// - `report.html` — a self-contained page with the figures (see `HTMLReport`).
///
/// Numbers in CSV and JSON are written locale-independently as the shortest text that reads back
/// as the same Double (so CSV and .npy hold identical values); non-finite values are `nan`/`inf`
/// in CSV and `null` in JSON.
///
/// An existing, non-empty directory is never overwritten unless `force` is true; with `force`,
/// the previous results in it (`summary.json`, `report.html`, `report.png`, `*.spikes.*`,
/// `*.multimeter.*`) are removed first and any other file is left alone.
public final class RunWriter {
    public let directory: URL
    public let force: Bool
    public var limits: ReportLimits
    /// Set once this writer has written into the directory: later writes replace its own files.
    private var claimed = false

    /// Checks at once that the directory can be used, so a run is refused before it starts.
    public init(directory: URL, force: Bool = false, limits: ReportLimits = ReportLimits()) throws {
        self.directory = directory.standardizedFileURL
        self.force = force
        self.limits = limits
        _ = try checkDirectory()
    }

    /// The same, for a path as the command line gives it.
    public convenience init(path: String, force: Bool = false, limits: ReportLimits = ReportLimits()) throws {
        try self.init(directory: URL(fileURLWithPath: path), force: force, limits: limits)
    }

    /// Writes every recording, `summary.json` and `report.html`; returns the files written. With
    /// several ranks, a collective call: every rank's recordings go to rank 0, which alone writes
    /// the same files a single process would (the other ranks return no file).
    /// - Parameters:
    ///   - requestedDuration: the biological time the run was asked for, ms (the time reached is
    ///     the simulation's `time`).
    ///   - interrupted: the run stopped early (SIGINT, numerical blow-up); `reason` says why.
    @discardableResult
    public func write(
        simulation: any SimulationResults, requestedDuration: Double? = nil, interrupted: Bool = false, reason: String? = nil
    ) throws -> [URL] {
        simulation.gatherRecordings()
        let ranks = RankFigures.gather(simulation)
        guard simulation.network.communicator.isRoot else { return [] }
        try prepareDirectory()
        let recordings = try RunRecordings(simulation)
        var written: [URL] = []
        func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

        var recorderEntries: [JSONValue] = []
        for spikes in recordings.spikes {
            let npy = "\(spikes.stem).spikes.npy", csv = "\(spikes.stem).spikes.csv"
            try RecordingFiles.writeSpikesNpy(spikes.events, to: url(npy))
            try RecordingFiles.writeSpikesCSV(spikes.events, to: url(csv))
            written += [url(npy), url(csv)]
            recorderEntries.append(.object([
                ("name", .string(spikes.name)),
                ("kind", .string("spike_recorder")),
                ("events", .int(spikes.events.count)),
                ("npy", .string(npy)),
                ("csv", .string(csv)),
            ]))
        }
        for traces in recordings.traces {
            let npy = "\(traces.stem).multimeter.npy", csv = "\(traces.stem).multimeter.csv"
            try RecordingFiles.writeTracesNpy(traces.data, variables: traces.variables, to: url(npy))
            try RecordingFiles.writeTracesCSV(traces.data, variables: traces.variables, to: url(csv))
            written += [url(npy), url(csv)]
            recorderEntries.append(.object([
                ("name", .string(traces.name)),
                ("kind", .string("multimeter")),
                ("variables", .array(traces.variables.map { .string($0) })),
                ("units", .array(traces.units.map { .string($0) })),
                ("interval_ms", .number(traces.interval)),
                ("senders", .array(traces.data.senders.map { .int($0) })),
                ("samples", .int(traces.data.times.count)),
                ("rows", .int(traces.data.times.count * traces.data.senders.count)),
                ("npy", .string(npy)),
                ("csv", .string(csv)),
            ]))
        }

        for weights in recordings.weights {
            let npy = "\(weights.stem).npy", csv = "\(weights.stem).csv"
            try RecordingFiles.writeWeightsNpy(weights.events, to: url(npy))
            try RecordingFiles.writeWeightsCSV(weights.events, to: url(csv))
            written += [url(npy), url(csv)]
            recorderEntries.append(.object([
                ("name", .string(weights.name)),
                ("kind", .string("weight_recorder")),
                ("projection", .int(weights.projection)),
                ("events", .int(weights.events.count)),
                ("npy", .string(npy)),
                ("csv", .string(csv)),
            ]))
        }

        let activities = PopulationActivity.collect(
            spec: simulation.network.spec, populationOffsets: simulation.network.layout.populationOffsets,
            recordings: recordings.spikes)
        var summary = RunSummary(
            simulation: simulation, ranks: ranks, activities: activities, requestedDuration: requestedDuration, interrupted: interrupted,
            reason: reason)
        summary.recorders = recorderEntries
        summary.files = written.map(\.lastPathComponent) + ["summary.json", "report.html"]
        try OutputFile.write(summary.json.text() + "\n", to: url("summary.json"))
        written.append(url("summary.json"))
        try OutputFile.write(HTMLReport(summary: summary, traces: recordings.traces, limits: limits).render(), to: url("report.html"))
        written.append(url("report.html"))
        return written
    }

    /// Whether the directory exists; throws when it must not be written into.
    private func checkDirectory() throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else { throw OutputError.notADirectory(path: directory.path) }
        if !force && !claimed {
            let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            if !contents.isEmpty { throw OutputError.directoryExists(path: directory.path) }
        }
        return true
    }

    private func prepareDirectory() throws {
        let fm = FileManager.default
        do {
            if try checkDirectory() {
                if force && !claimed {
                    for name in try fm.contentsOfDirectory(atPath: directory.path) where Self.isResult(name) {
                        try fm.removeItem(at: directory.appendingPathComponent(name))
                    }
                }
            } else {
                try fm.createDirectory(at: directory, withIntermediateDirectories: true)
            }
        } catch let error as OutputError {
            throw error
        } catch {
            throw OutputError.cannotWrite(path: directory.path, reason: "\(error)")
        }
        claimed = true
    }

    /// Files a previous run may have left: the ones `force` replaces.
    static func isResult(_ name: String) -> Bool {
        ["summary.json", "report.html", "report.png"].contains(name)
            || [".spikes.npy", ".spikes.csv", ".multimeter.npy", ".multimeter.csv"].contains { name.hasSuffix($0) }
    }
}
