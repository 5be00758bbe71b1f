// What CUDA C gives a kernel, for the host: the emulator compiles a generated program with this
// prelude and runs each launch's threads one after another. That is exact for kernels whose
// threads do not wait for each other, the only kind Hibana generates: there is no
// __syncthreads or __shared__ here, so a kernel that uses them fails to compile rather than run
// wrongly. Atomics are plain read-modify-writes (one thread runs at a time).
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <type_traits>
#include <tuple>
#include <utility>

struct hb_dim3 { unsigned x, y, z; };
static hb_dim3 threadIdx, blockIdx, blockDim, gridDim;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

using std::isfinite;
using std::isnan;

template <typename T> static inline T hb_atomic_add(T* a, T v) { T old = *a; *a = old + v; return old; }
static inline double atomicAdd(double* a, double v) { return hb_atomic_add(a, v); }
static inline float atomicAdd(float* a, float v) { return hb_atomic_add(a, v); }
static inline int atomicAdd(int* a, int v) { return hb_atomic_add(a, v); }
static inline unsigned atomicAdd(unsigned* a, unsigned v) { return hb_atomic_add(a, v); }
static inline unsigned long long atomicAdd(unsigned long long* a, unsigned long long v) { return hb_atomic_add(a, v); }
template <typename T> static inline T hb_atomic_min(T* a, T v) { T old = *a; if (v < old) *a = v; return old; }
static inline int atomicMin(int* a, int v) { return hb_atomic_min(a, v); }
static inline unsigned atomicMin(unsigned* a, unsigned v) { return hb_atomic_min(a, v); }
static inline unsigned long long atomicMin(unsigned long long* a, unsigned long long v) { return hb_atomic_min(a, v); }
template <typename T> static inline T hb_atomic_max(T* a, T v) { T old = *a; if (v > old) *a = v; return old; }
static inline int atomicMax(int* a, int v) { return hb_atomic_max(a, v); }
static inline unsigned atomicMax(unsigned* a, unsigned v) { return hb_atomic_max(a, v); }
static inline unsigned atomicExch(unsigned* a, unsigned v) { unsigned old = *a; *a = v; return old; }
static inline unsigned atomicCAS(unsigned* a, unsigned expected, unsigned v) {
    unsigned old = *a;
    if (old == expected) *a = v;
    return old;
}
static inline unsigned long long atomicCAS(unsigned long long* a, unsigned long long expected, unsigned long long v) {
    unsigned long long old = *a;
    if (old == expected) *a = v;
    return old;
}
static inline unsigned __umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
static inline unsigned long long __umul64hi(unsigned long long a, unsigned long long b) {
    return (unsigned long long)(((unsigned __int128)a * b) >> 64);
}
static inline int __popc(unsigned x) { return __builtin_popcount(x); }
static inline double __longlong_as_double(long long x) { double d; __builtin_memcpy(&d, &x, sizeof d); return d; }
static inline long long __double_as_longlong(double d) { long long x; __builtin_memcpy(&x, &d, sizeof x); return x; }
template <typename T> static inline T __ldg(const T* p) { return *p; }
template <typename T> static inline T min(T a, T b) { return b < a ? b : a; }
template <typename T> static inline T max(T a, T b) { return a < b ? b : a; }

// A launch: every thread of every block in turn, with the kernel's arguments read from the
// driver's `void**` as cuLaunchKernel reads them.
template <typename... A, std::size_t... I>
static void hb_call(void (*kernel)(A...), void** p, std::index_sequence<I...>) {
    kernel(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(p[I])...);
}

// HIBANA_EMULATOR_REVERSE runs blocks and threads last to first: a kernel whose result depends on
// the order its threads run in (beyond the order of atomic additions) shows it there.
static const bool hb_reverse = std::getenv("HIBANA_EMULATOR_REVERSE") != nullptr;

template <typename... A>
static void hb_launch(void (*kernel)(A...), void** p, unsigned blocks, unsigned threads) {
    gridDim = {blocks, 1, 1};
    blockDim = {threads, 1, 1};
    for (unsigned i = 0; i < blocks; ++i) {
        for (unsigned j = 0; j < threads; ++j) {
            blockIdx = {hb_reverse ? blocks - 1 - i : i, 0, 0};
            threadIdx = {hb_reverse ? threads - 1 - j : j, 0, 0};
            hb_call(kernel, p, std::index_sequence_for<A...>{});
        }
    }
}

// A graph's kernel node: the kernel with copies of its arguments, taken when the node is added
// (as cuGraphAddKernelNode copies them), launched when the graph is.
struct hb_node {
    virtual ~hb_node() {}
    virtual void run(unsigned blocks, unsigned threads) = 0;
};

template <typename... A>
struct hb_bound : hb_node {
    void (*kernel)(A...);
    std::tuple<std::remove_cv_t<std::remove_reference_t<A>>...> args;
    template <std::size_t... I>
    void run(unsigned blocks, unsigned threads, std::index_sequence<I...>) {
        void* p[sizeof...(A) + 1] = {(void*)&std::get<I>(args)...};
        hb_launch(kernel, p, blocks, threads);
    }
    void run(unsigned blocks, unsigned threads) override { run(blocks, threads, std::index_sequence_for<A...>{}); }
};

template <typename... A, std::size_t... I>
static hb_node* hb_bind(void (*kernel)(A...), void** p, std::index_sequence<I...>) {
    auto node = new hb_bound<A...>;
    node->kernel = kernel;
    node->args = std::make_tuple(*static_cast<std::remove_cv_t<std::remove_reference_t<A>>*>(p[I])...);
    return node;
}

template <typename... A>
static hb_node* hb_bind(void (*kernel)(A...), void** p) { return hb_bind(kernel, p, std::index_sequence_for<A...>{}); }
