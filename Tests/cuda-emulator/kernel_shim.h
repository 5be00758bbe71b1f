// What CUDA C gives a kernel, for the host: the emulator compiles a generated program with this
// prelude and runs each launch's threads one after another. That is exact for kernels whose
// threads do not wait for each other, the only kind Hibana generates: there is no
// __syncthreads or __shared__ here, so a kernel that uses them fails to compile rather than run
// wrongly. Atomics are plain read-modify-writes (one thread runs at a time).
//
// With HB_CONCURRENT (HIBANA_EMULATOR_THREADS=N) a launch's threads run on N host threads instead,
// GPU thread g on host thread g mod N, and atomics are the host's (relaxed, as CUDA's): built
// with ThreadSanitizer (bench/gpu/race-check.sh) that finds the races a GPU would have and the
// sequential emulator cannot show.
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <type_traits>
#include <tuple>
#include <utility>
#ifdef HB_CONCURRENT
#include <algorithm>
#include <thread>
#include <vector>
#define HB_THREAD_LOCAL thread_local
#define hb_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#else
#define HB_THREAD_LOCAL
#endif

struct hb_dim3 { unsigned x, y, z; };
static HB_THREAD_LOCAL hb_dim3 threadIdx, blockIdx;
static hb_dim3 blockDim, gridDim;

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

// CUDA's maths has float overloads, as <cmath>'s std:: functions do (the C ones take doubles).
using std::copysign;
using std::exp;
using std::expm1;
using std::fabs;
using std::floor;
using std::fmax;
using std::fmin;
using std::isfinite;
using std::isnan;
using std::log;
using std::log1p;
using std::pow;
using std::sqrt;

#ifdef HB_CONCURRENT
// HIBANA_EMULATOR_PLAIN_ATOMICS makes atomics plain read-modify-writes, races by construction:
// race-check.sh's proof that its check finds races.
static const bool hb_plain_atomics = std::getenv("HIBANA_EMULATOR_PLAIN_ATOMICS") != nullptr;
// A read-modify-write by compare-and-swap on the value's bytes (any 4- or 8-byte type).
template <typename T, typename F> static inline T hb_atomic_update(T* a, F f) {
    T old;
    if (hb_plain_atomics) { old = *a; *a = f(old); return old; }
    __atomic_load(a, &old, __ATOMIC_RELAXED);
    T next = f(old);
    while (!__atomic_compare_exchange(a, &old, &next, false, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) next = f(old);
    return old;
}
#else
template <typename T, typename F> static inline T hb_atomic_update(T* a, F f) { T old = *a; *a = f(old); return old; }
#endif
template <typename T> static inline T hb_atomic_add(T* a, T v) { return hb_atomic_update(a, [v](T x) { return x + v; }); }
static inline double atomicAdd(double* a, double v) { return hb_atomic_add(a, v); }
static inline float atomicAdd(float* a, float v) { return hb_atomic_add(a, v); }
static inline int atomicAdd(int* a, int v) { return hb_atomic_add(a, v); }
static inline unsigned atomicAdd(unsigned* a, unsigned v) { return hb_atomic_add(a, v); }
static inline unsigned long long atomicAdd(unsigned long long* a, unsigned long long v) { return hb_atomic_add(a, v); }
template <typename T> static inline T hb_atomic_min(T* a, T v) { return hb_atomic_update(a, [v](T x) { return v < x ? v : x; }); }
static inline int atomicMin(int* a, int v) { return hb_atomic_min(a, v); }
static inline unsigned atomicMin(unsigned* a, unsigned v) { return hb_atomic_min(a, v); }
static inline unsigned long long atomicMin(unsigned long long* a, unsigned long long v) { return hb_atomic_min(a, v); }
template <typename T> static inline T hb_atomic_max(T* a, T v) { return hb_atomic_update(a, [v](T x) { return v > x ? v : x; }); }
static inline int atomicMax(int* a, int v) { return hb_atomic_max(a, v); }
static inline unsigned atomicMax(unsigned* a, unsigned v) { return hb_atomic_max(a, v); }
static inline unsigned atomicExch(unsigned* a, unsigned v) { return hb_atomic_update(a, [v](unsigned) { return v; }); }
template <typename T> static inline T hb_atomic_cas(T* a, T expected, T v) {
    return hb_atomic_update(a, [expected, v](T x) { return x == expected ? v : x; });
}
static inline unsigned atomicCAS(unsigned* a, unsigned expected, unsigned v) { return hb_atomic_cas(a, expected, v); }
static inline unsigned long long atomicCAS(unsigned long long* a, unsigned long long expected, unsigned long long v) {
    return hb_atomic_cas(a, expected, v);
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

#ifdef HB_CONCURRENT
static const unsigned hb_workers = std::max(1, std::atoi(std::getenv("HIBANA_EMULATOR_THREADS")));
#endif

template <typename... A>
static void hb_launch(void (*kernel)(A...), void** p, unsigned blocks, unsigned threads) {
    gridDim = {blocks, 1, 1};
    blockDim = {threads, 1, 1};
#ifdef HB_CONCURRENT
    std::vector<std::thread> pool;
    for (unsigned w = 0; w < hb_workers; ++w) {
        pool.emplace_back([=] {
            for (unsigned long long g = w; g < (unsigned long long)blocks * threads; g += hb_workers) {
                blockIdx = {unsigned(g / threads), 0, 0};
                threadIdx = {unsigned(g % threads), 0, 0};
                hb_call(kernel, p, std::index_sequence_for<A...>{});
            }
        });
    }
    for (auto& worker : pool) worker.join();
#else
    for (unsigned i = 0; i < blocks; ++i) {
        for (unsigned j = 0; j < threads; ++j) {
            blockIdx = {hb_reverse ? blocks - 1 - i : i, 0, 0};
            threadIdx = {hb_reverse ? threads - 1 - j : j, 0, 0};
            hb_call(kernel, p, std::index_sequence_for<A...>{});
        }
    }
#endif
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
