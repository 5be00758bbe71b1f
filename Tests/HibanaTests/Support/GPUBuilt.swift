import Hibana

/// A network for the cuda backend as `hibana run --backend cuda` builds it: the static
/// projections the GPU generates are left to `CUDASimulation`, which builds them in GPU memory.
func gpuBuilt(_ spec: NetworkSpec, threads: Int) throws -> BuiltNetwork {
    try NetworkBuilder.build(spec, threads: threads, deferring: GPUConstruction.projections(spec))
}
