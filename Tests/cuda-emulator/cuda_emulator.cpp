// A CUDA driver and NVRTC for machines without a GPU, so that the GPU backend's host code and
// generated kernels run in tests: the backend loads this library as both libcuda and libnvrtc
// (HIBANA_LIBCUDA, HIBANA_NVRTC). "Compiling" keeps the CUDA source as the module image; loading
// the module compiles it for the host with kernel_shim.h and a launcher per kernel, and a launch
// runs the kernel's threads one after another, or on HIBANA_EMULATOR_THREADS host threads (see
// kernel_shim.h for what each covers).
//
// Device memory is host memory; fresh allocations are filled with 0xFF bytes (NaN doubles,
// all-ones integers), so that a kernel reading memory nobody wrote gives a visible wrong result.
//
// Built with: c++ -std=c++17 -shared -fPIC -DHB_SHIM='"…/kernel_shim.h"' -DHB_CXX='"c++"' -o libcuda_emulator.so cuda_emulator.cpp -ldl
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <string>
#include <unordered_map>
#include <unistd.h>
#include <vector>

namespace {
constexpr int success = 0, invalidValue = 1, invalidImage = 200, notFound = 500;

// Names of the `extern "C" __global__ void NAME(` kernels in `source`.
std::string launchers(const std::string& source) {
    const std::string marker = "extern \"C\" __global__ void ";
    std::string out;
    for (size_t at = source.find(marker); at != std::string::npos; at = source.find(marker, at + 1)) {
        size_t start = at + marker.size(), end = source.find('(', start);
        std::string name = source.substr(start, end - start);
        out += "extern \"C\" void hb_emulate_" + name + "(void** p, unsigned blocks, unsigned threads) { hb_launch(" + name
            + ", p, blocks, threads); }\n";
        out += "extern \"C\" hb_node* hb_bind_" + name + "(void** p) { return hb_bind(" + name + ", p); }\n";
    }
    return out;
}

typedef void (*Launcher)(void**, unsigned, unsigned);
// The shim's hb_node, declared alike (the same virtual functions in the same order), so this
// library calls the nodes the kernels' library made.
struct Node {
    virtual ~Node() {}
    virtual void run(unsigned blocks, unsigned threads) = 0;
};
typedef Node* (*Binder)(void**);
// A CUfunction: the kernel's launcher and the binder that copies its arguments into a graph node.
struct Function {
    Launcher launch;
    Binder bind;
};
// A CUgraph (and its CUgraphExec): kernel nodes run in the order they were added, each after the
// one before, which is the only dependency the backend builds.
struct Graph {
    struct Entry {
        Node* node;
        unsigned blocks, threads;
    };
    std::vector<Entry> entries;
    ~Graph() { for (auto& e : entries) delete e.node; }
};
// CUDA_KERNEL_NODE_PARAMS (v1).
struct KernelNodeParams {
    Function* function;
    unsigned gridX, gridY, gridZ, blockX, blockY, blockZ, sharedMemBytes;
    void** kernelParams;
    void** extra;
};
}  // namespace

extern "C" {

// ---- Driver API -------------------------------------------------------------------------------

int cuInit(unsigned) { return success; }

int cuGetErrorString(int code, const char** text) {
    *text = code == success ? "no error" : code == invalidImage ? "kernel source did not compile for the host (see stderr)"
                                                                : "emulated CUDA call failed";
    return success;
}

int cuDriverGetVersion(int* version) { *version = 12080; return success; }

// HIBANA_EMULATOR_DEVICES devices (default 1), all alike but for their names' number.
static int deviceCount() {
    const char* setting = getenv("HIBANA_EMULATOR_DEVICES");
    return setting ? atoi(setting) : 1;
}

int cuDeviceGetCount(int* count) { *count = deviceCount(); return success; }
int cuDeviceGet(int* device, int ordinal) { *device = ordinal; return ordinal >= 0 && ordinal < deviceCount() ? success : invalidValue; }

int cuDeviceGetName(char* name, int length, int device) {
    if (device == 0) snprintf(name, (size_t)length, "Hibana CPU emulator");
    else snprintf(name, (size_t)length, "Hibana CPU emulator %d", device);
    return success;
}

// Compute capability 9.0, so the program is the one an H100 would get.
int cuDeviceGetAttribute(int* value, int attribute, int) {
    *value = attribute == 75 ? 9 : 0;
    return success;
}

int cuDevicePrimaryCtxRetain(void** context, int) { *context = (void*)1; return success; }
int cuCtxSetCurrent(void*) { return success; }
int cuCtxSynchronize() { return success; }

// The device's memory: HIBANA_EMULATOR_MEMORY bytes (default 16 GiB), of which what is allocated
// is not free, so that memory checks and figures behave as on a GPU.
static std::mutex allocationLock;
static std::unordered_map<uint64_t, size_t> allocations;
static size_t allocated = 0;

static size_t deviceMemory() {
    const char* setting = getenv("HIBANA_EMULATOR_MEMORY");
    return setting ? (size_t)strtoull(setting, nullptr, 10) : (size_t)16 << 30;
}

int cuMemAlloc_v2(uint64_t* address, size_t bytes) {
    std::lock_guard<std::mutex> hold(allocationLock);
    if (allocated + bytes > deviceMemory()) return 2;  // CUDA_ERROR_OUT_OF_MEMORY
    void* p = malloc(bytes);
    if (!p) return 2;
    memset(p, 0xFF, bytes);
    *address = (uint64_t)(uintptr_t)p;
    allocations[*address] = bytes;
    allocated += bytes;
    return success;
}

int cuMemFree_v2(uint64_t address) {
    std::lock_guard<std::mutex> hold(allocationLock);
    auto a = allocations.find(address);
    if (a != allocations.end()) { allocated -= a->second; allocations.erase(a); }
    free((void*)(uintptr_t)address);
    return success;
}
int cuMemcpyHtoD_v2(uint64_t to, const void* from, size_t bytes) { memcpy((void*)(uintptr_t)to, from, bytes); return success; }
int cuMemcpyDtoH_v2(void* to, uint64_t from, size_t bytes) { memcpy(to, (const void*)(uintptr_t)from, bytes); return success; }
int cuMemsetD8_v2(uint64_t to, unsigned char value, size_t bytes) { memset((void*)(uintptr_t)to, value, bytes); return success; }

int cuDeviceTotalMem_v2(size_t* bytes, int) { *bytes = deviceMemory(); return success; }

int cuMemGetInfo_v2(size_t* free, size_t* total) {
    std::lock_guard<std::mutex> hold(allocationLock);
    *total = deviceMemory();
    *free = *total > allocated ? *total - allocated : 0;
    return success;
}

// The image is the CUDA source kept by nvrtcGetPTX.
int cuModuleLoadData(void** module, const void* image) {
    std::string source = (const char*)image;
    // HIBANA_EMULATOR_KEEP=DIR keeps the source and library in DIR, so that a sanitizer's report
    // can name the kernels' lines.
    const char* keep = getenv("HIBANA_EMULATOR_KEEP");
    std::string pattern = std::string(keep ? keep : "/tmp") + "/hibana-cuda-emulator-XXXXXX";
    char* dir = &pattern[0];
    if (!mkdtemp(dir)) return invalidImage;
    // Named after the directory: a symbolizer tells modules apart by file name.
    std::string name = std::string(dir) + "/kernels-" + std::string(dir).substr(strlen(dir) - 6);
    std::string cpp = name + ".cpp", so = name + ".so";
    FILE* f = fopen(cpp.c_str(), "w");
    if (!f) return invalidImage;
    fprintf(f, "#include %s\n%s\n%s", HB_SHIM, source.c_str(), launchers(source).c_str());
    fclose(f);
    // HIBANA_EMULATOR_CXX may add flags (bench/gpu/race-check.sh: "c++ -fsanitize=thread").
    const char* cxx = getenv("HIBANA_EMULATOR_CXX");
    const char* concurrent = getenv("HIBANA_EMULATOR_THREADS") ? " -DHB_CONCURRENT -pthread" : "";
    std::string command = std::string(cxx ? cxx : HB_CXX) + concurrent + " -std=c++17 -O1 -ffp-contract=off -shared -fPIC -w -o "
        + so + " " + cpp;
    // A sanitizer preloaded into this process (race-check.sh) would crash the shell that runs the compiler.
    unsetenv("LD_PRELOAD");
    if (system(command.c_str()) != 0) {
        fprintf(stderr, "cuda emulator: '%s' failed; the source is kept in %s\n", command.c_str(), dir);
        return invalidImage;
    }
    void* handle = dlopen(so.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!keep) {
        unlink(so.c_str());
        unlink(cpp.c_str());
        rmdir(dir);
    }
    if (!handle) return invalidImage;
    *module = handle;
    return success;
}

int cuModuleGetFunction(void** function, void* module, const char* name) {
    auto launch = (Launcher)dlsym(module, ("hb_emulate_" + std::string(name)).c_str());
    auto bind = (Binder)dlsym(module, ("hb_bind_" + std::string(name)).c_str());
    if (!launch || !bind) return notFound;
    *function = new Function{launch, bind};  // lives as long as the process, as the module does
    return success;
}

int cuLaunchKernel(Function* function, unsigned gridX, unsigned gridY, unsigned gridZ, unsigned blockX, unsigned blockY,
                   unsigned blockZ, unsigned, void*, void** parameters, void**) {
    if (gridY != 1 || gridZ != 1 || blockY != 1 || blockZ != 1) return invalidValue;
    function->launch(parameters, gridX, blockX);
    return success;
}

int cuGraphCreate(Graph** graph, unsigned) { *graph = new Graph; return success; }

int cuGraphAddKernelNode(void** node, Graph* graph, void* const*, size_t, const KernelNodeParams* p) {
    if (p->gridY != 1 || p->gridZ != 1 || p->blockY != 1 || p->blockZ != 1) return invalidValue;
    graph->entries.push_back({p->function->bind(p->kernelParams), p->gridX, p->blockX});
    *node = graph->entries.back().node;
    return success;
}

int cuGraphInstantiateWithFlags(Graph** exec, Graph* graph, unsigned long long) { *exec = graph; return success; }

int cuGraphLaunch(Graph* exec, void*) {
    for (auto& e : exec->entries) e.node->run(e.blocks, e.threads);
    return success;
}

int cuGraphExecDestroy(Graph*) { return success; }
int cuGraphDestroy(Graph* graph) { delete graph; return success; }

// ---- NVRTC: a program's "PTX" is its source ----------------------------------------------------

int nvrtcVersion(int* major, int* minor) {
    // Not a real NVRTC version, so the kernel cache never mixes emulated and real images.
    *major = 0;
    *minor = 0;
    return success;
}

const char* nvrtcGetErrorString(int code) { return code == success ? "NVRTC_SUCCESS" : "emulated NVRTC call failed"; }

int nvrtcCreateProgram(void** program, const char* source, const char*, int, const char* const*, const char* const*) {
    *program = strdup(source);
    return success;
}

int nvrtcCompileProgram(void*, int, const char* const*) { return success; }
int nvrtcGetProgramLogSize(void*, size_t* size) { *size = 1; return success; }
int nvrtcGetProgramLog(void*, char* log) { log[0] = 0; return success; }
int nvrtcGetPTXSize(void* program, size_t* size) { *size = strlen((const char*)program) + 1; return success; }
int nvrtcGetPTX(void* program, char* ptx) { strcpy(ptx, (const char*)program); return success; }
int nvrtcDestroyProgram(void** program) { free(*program); *program = nullptr; return success; }
}
