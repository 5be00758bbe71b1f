import Hibana
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The live line under a running simulation: biological time, real-time factor, spikes per
/// second of wall time and the estimated time left. Redrawn in place on a terminal (stderr), at
/// most ten times a second; silent when stderr is not a terminal, so logs stay plain.
final class ProgressLine {
    let total: Double
    let enabled: Bool
    let clock = ContinuousClock()
    let started: ContinuousClock.Instant
    var lastDraw: ContinuousClock.Instant
    let startTime: Double

    init(totalMs: Double, startTime: Double = 0, enabled: Bool) {
        total = totalMs
        self.startTime = startTime
        self.enabled = enabled
        started = clock.now
        lastDraw = started
    }

    func update(time: Double, spikes: Int, force: Bool = false) {
        guard enabled else { return }
        let now = clock.now
        guard force || now - lastDraw > .milliseconds(100) else { return }
        lastDraw = now
        let wall = (now - started) / .seconds(1)
        let done = time - startTime
        let factor = done > 0 ? wall / (done / 1000) : 0
        let left = done > 0 ? wall * (total - done) / done : 0
        let rate = wall > 0 ? Double(spikes) / wall : 0
        let line = "  \(format3(time)) / \(format3(startTime + total)) ms  ·  real-time factor \(format3(factor))"
            + "  ·  \(Int(rate)) spikes/s  ·  ETA \(format3(left)) s"
        writeStandardError("\r\u{1B}[2K" + line)
    }

    func finish() {
        guard enabled else { return }
        writeStandardError("\r\u{1B}[2K")
    }
}

/// Unbuffered write to standard error.
func writeStandardError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(STDERR_FILENO, $0.baseAddress, $0.count) }
}
