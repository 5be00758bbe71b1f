import Foundation
import HibanaEngine

/// Spike and multimeter recordings as `.npy` and CSV files (formats in `RunWriter`'s documentation).
enum RecordingFiles {
    static let spikeFields = [NpyFormat.Field(name: "sender", type: .int64), .init(name: "time", type: .float64)]

    static func traceFields(_ variables: [String]) -> [NpyFormat.Field] {
        spikeFields + variables.map { .init(name: $0, type: .float64) }
    }

    static func writeSpikesNpy(_ events: SpikeEvents, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write(NpyFormat.header(fields: spikeFields, count: events.count))
        for (sender, time) in zip(events.senders, events.times) {
            file.writeLittleEndian(Int64(sender))
            file.writeLittleEndian(time)
        }
        try file.close()
    }

    static let weightFields = [
        NpyFormat.Field(name: "sender", type: .int64), .init(name: "target", type: .int64), .init(name: "time", type: .float64),
        .init(name: "weight", type: .float64),
    ]

    /// Weight recorder events, in (time, sender, target) order.
    static func writeWeightsNpy(_ events: WeightEvents, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write(NpyFormat.header(fields: weightFields, count: events.count))
        for i in 0..<events.count {
            file.writeLittleEndian(Int64(events.senders[i]))
            file.writeLittleEndian(Int64(events.targets[i]))
            file.writeLittleEndian(events.times[i])
            file.writeLittleEndian(events.weights[i])
        }
        try file.close()
    }

    static func writeWeightsCSV(_ events: WeightEvents, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write("sender,target,time_ms,weight\n")
        for i in 0..<events.count {
            file.write("\(events.senders[i]),\(events.targets[i]),\(NumberText.roundTrip(events.times[i])),\(NumberText.roundTrip(events.weights[i]))\n")
        }
        try file.close()
    }

    static func writeSpikesCSV(_ events: SpikeEvents, to url: URL) throws {
        let file = try OutputFile(creating: url)
        file.write("sender,time_ms\n")
        for (sender, time) in zip(events.senders, events.times) {
            file.write("\(sender),\(NumberText.roundTrip(time))\n")
        }
        try file.close()
    }

    /// Rows in time-major order: for each sample time, every sender in increasing id order.
    static func writeTracesNpy(_ data: MultimeterData, variables: [String], to url: URL) throws {
        let file = try OutputFile(creating: url)
        let columns = variables.map { data.values[$0] ?? [] }
        file.write(NpyFormat.header(fields: traceFields(variables), count: data.times.count * data.senders.count))
        for (s, time) in data.times.enumerated() {
            for (i, sender) in data.senders.enumerated() {
                file.writeLittleEndian(Int64(sender))
                file.writeLittleEndian(time)
                for column in columns { file.writeLittleEndian(column[i][s]) }
            }
        }
        try file.close()
    }

    static func writeTracesCSV(_ data: MultimeterData, variables: [String], to url: URL) throws {
        let file = try OutputFile(creating: url)
        let columns = variables.map { data.values[$0] ?? [] }
        file.write((["sender", "time_ms"] + variables).joined(separator: ",") + "\n")
        for (s, time) in data.times.enumerated() {
            let t = NumberText.roundTrip(time)
            for (i, sender) in data.senders.enumerated() {
                var line = "\(sender),\(t)"
                for column in columns { line += "," + NumberText.roundTrip(column[i][s]) }
                file.write(line + "\n")
            }
        }
        try file.close()
    }
}
