/// A GPU as the driver lists it. Ordinals count the devices this process may see: the driver
/// applies `CUDA_VISIBLE_DEVICES` (so `CUDA_VISIBLE_DEVICES=2` makes the third GPU ordinal 0).
public struct CUDADevice: Sendable, CustomStringConvertible {
    public let ordinal: Int
    public let name: String
    /// Compute capability, e.g. (9, 0) for an H100/H200.
    public let capability: (major: Int, minor: Int)
    /// Total memory in bytes.
    public let memory: Int
    /// The driver's handle (`CUdevice`).
    let handle: Int32

    /// Device `ordinal`'s name, capability and memory; no context is created.
    init(driver: CUDADriver, ordinal: Int) throws {
        var dev: Int32 = 0
        try driver.check(driver.cuDeviceGet(&dev, Int32(ordinal)), "cuDeviceGet")
        var buffer = [CChar](repeating: 0, count: 256)
        try driver.check(driver.cuDeviceGetName(&buffer, 255, dev), "cuDeviceGetName")
        var major: Int32 = 0, minor: Int32 = 0, bytes = 0
        // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76.
        try driver.check(driver.cuDeviceGetAttribute(&major, 75, dev), "cuDeviceGetAttribute")
        try driver.check(driver.cuDeviceGetAttribute(&minor, 76, dev), "cuDeviceGetAttribute")
        try driver.check(driver.cuDeviceTotalMem(&bytes, dev), "cuDeviceTotalMem")
        self.ordinal = ordinal
        handle = dev
        name = string(fromC: buffer)
        capability = (Int(major), Int(minor))
        self.memory = bytes
    }

    /// Why a machine whose driver lists no device cannot run `--backend cuda`.
    public static let noneListed = CUDAError.noDevice(reason: "no CUDA device (the driver lists none)")

    /// Every device the driver lists, in ordinal order.
    public static func all(driver: CUDADriver) throws -> [CUDADevice] {
        var count: Int32 = 0
        try driver.check(driver.cuDeviceGetCount(&count), "cuDeviceGetCount")
        return try (0..<Int(count)).map { try CUDADevice(driver: driver, ordinal: $0) }
    }

    /// "0: NVIDIA H200 (compute 9.0, 139.8 GiB)".
    public var description: String {
        let gib = (Double(memory) / Double(1 << 30) * 10).rounded() / 10
        return "\(ordinal): \(name) (compute \(capability.major).\(capability.minor), \(gib) GiB)"
    }
}
