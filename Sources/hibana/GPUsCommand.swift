import ArgumentParser
import Hibana

/// `hibana gpus`: what `--backend cuda` would find here — the driver, NVRTC and each GPU with the
/// architecture its kernels are compiled for — so that a setup is checked before a model runs.
struct GPUsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gpus",
        abstract: "List the CUDA devices (the ordinals of --gpu), the driver and NVRTC that --backend cuda would use.",
        discussion: "Exit status: 0 when --backend cuda can run here, 4 when it cannot (no driver, no GPU or no NVRTC; "
            + "the message says which). CUDA_VISIBLE_DEVICES applies: it hides and renumbers devices.")

    /// What `--gpu` takes.
    static let ordinalRule = "--gpu takes a GPU's ordinal, 0 or more (hibana gpus lists them)"

    func run() throws {
        let driver: CUDADriver, devices: [CUDADevice]
        do {
            driver = try CUDADriver()
            devices = try CUDADevice.all(driver: driver)
        } catch {
            printError("\(error)")
            throw ExitCode(4)
        }
        print("driver: CUDA \((try? driver.version()) ?? "?") (\(driver.path))")
        let nvrtc: NVRTC?
        do {
            let loaded = try NVRTC()
            let archs = loaded.supportedArchitectures
            let range = archs.isEmpty ? "" : ", compiles for compute_\(archs.first!) to compute_\(archs.last!)"
            print("NVRTC: \(loaded.version) (\(loaded.path))\(range)")
            nvrtc = loaded
        } catch {
            print("NVRTC: \(error)")
            nvrtc = nil
        }
        for device in devices {
            let capability = device.capability.major * 10 + device.capability.minor
            let kernels = nvrtc.map { $0.architecture(for: capability).map { "kernels for \($0)" } ?? "too old for this NVRTC" }
            print("\(device)" + (kernels.map { ", \($0)" } ?? ""))
        }
        if devices.isEmpty { printError("\(CUDADevice.noneListed)") }
        guard !devices.isEmpty, let nvrtc else { throw ExitCode(4) }
        let usable = devices.contains { nvrtc.architecture(for: $0.capability.major * 10 + $0.capability.minor) != nil }
        if !usable { throw ExitCode(4) }
    }
}
