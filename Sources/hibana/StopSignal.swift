import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns SIGINT and SIGTERM into a flag the simulation loop polls between cycles, so Ctrl-C
/// ends a run cleanly and everything recorded so far is written.
final class StopSignal: @unchecked Sendable {
    // `requested` is written on the signal queue and read by the run loop; a stale read only delays the stop by one cycle.
    private(set) var requested = false
    private(set) var signalName = ""
    private var sources: [DispatchSourceSignal] = []

    init() {
        for (number, name) in [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [unowned self] in
                if self.requested {
                    // A second Ctrl-C while the results are written: give up at once.
                    exit(130)
                }
                self.signalName = name
                self.requested = true
            }
            source.resume()
            sources.append(source)
        }
    }
}

/// Whether standard output is a terminal: progress lines with escape codes only go there.
var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }
var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
