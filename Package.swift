// swift-tools-version: 6.1
// Hibana: a spiking-neural-network simulator. Targets follow the layers of DESIGN.md;
// data flows top to bottom (description → models → build → engine → output → command line).
import PackageDescription

let package = Package(
    name: "Hibana",
    products: [
        .library(name: "Hibana", targets: ["Hibana"]),
        .executable(name: "hibana", targets: ["hibana"]),
    ],
    // MPI (off by default, so the default build needs no MPI): `swift build --traits MPI` links
    // OpenMPI (Debian: libopenmpi-dev) and `mpirun -np N hibana run …` runs one rank per process.
    traits: [
        .trait(name: "MPI", description: "Run `hibana run` over MPI ranks (needs an MPI library, e.g. libopenmpi-dev)."),
        .default(enabledTraits: []),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // description: the model as data (NetworkSpec), its validation errors, and model files (YAML).
        .target(name: "HibanaDescription", dependencies: [.product(name: "Yams", package: "Yams")]),
        // Counter-based random streams (Philox) shared by build (connections) and engine (devices).
        .target(name: "HibanaRandom"),
        // A prefetch hint for the random per-target reads of delivery (header only).
        .systemLibrary(name: "CPrefetch"),
        // models: neuron and device models, their parameters and the math of one time step.
        .target(
            name: "HibanaModels",
            dependencies: [
                "HibanaDescription", "HibanaRandom", "CPrefetch", .product(name: "Numerics", package: "swift-numerics"),
            ]),
        // The communicator interface between ranks (collectives the build and engine need), with the
        // local and the in-process dry-run implementations; MPI's is HibanaMPI.
        .target(name: "HibanaCommunication"),
        // MPI's C API (pkg-config ompi-c), with a shim for the handles OpenMPI defines as macros.
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        // The communicator of the process: MPI's with the trait MPI, else a single rank.
        .target(
            name: "HibanaMPI", dependencies: ["HibanaCommunication", .target(name: "CMPI", condition: .when(traits: ["MPI"]))]),
        // build: a NetworkSpec turned into per-thread memory (neurons, compact synapses).
        .target(name: "HibanaBuild", dependencies: ["HibanaDescription", "HibanaRandom", "HibanaModels", "HibanaCommunication"]),
        // engine: min-delay cycles, threads, spike exchange and delivery, devices, recording.
        .target(
            name: "HibanaEngine", dependencies: ["HibanaBuild", "HibanaModels", "HibanaRandom", "HibanaCommunication", "CPrefetch"]),
        // CUDA driver API and NVRTC, loaded with dlopen at run time (no CUDA needed to build), and
        // the kernel compiler with its disk cache.
        .target(name: "HibanaCUDA"),
        // engine on one GPU: generated kernels from the models' GPUUpdate, device memory, the cycle loop.
        .target(name: "HibanaEngineCUDA", dependencies: ["HibanaEngine", "HibanaBuild", "HibanaModels", "HibanaCUDA"]),
        // output: recordings as files.
        .target(name: "HibanaOutput", dependencies: ["HibanaDescription", "HibanaEngine"]),
        // The public umbrella: `import Hibana` gives the Swift API.
        .target(
            name: "Hibana",
            dependencies: [
                "HibanaDescription", "HibanaModels", "HibanaBuild", "HibanaEngine", "HibanaOutput", "HibanaEngineCUDA",
            ]),
        // The same math as the Swift hot loops, in C, for the benchmark's side-by-side figures.
        .target(name: "HibanaBenchC", cSettings: [.unsafeFlags(["-O3"])]),
        // The benchmark's measurements (neuron update vs C, delivery vs bandwidth, construction).
        .target(name: "HibanaBench", dependencies: ["Hibana", "HibanaBenchC"]),
        // command line
        .executableTarget(
            name: "hibana",
            dependencies: [
                "Hibana", "HibanaBench", "HibanaMPI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Fixtures (model files) are read through #filePath, not bundled.
        .testTarget(
            name: "HibanaTests", dependencies: ["Hibana", "HibanaRandom", "HibanaBench", "HibanaCUDA"], exclude: ["Fixtures"]),
    ]
)
