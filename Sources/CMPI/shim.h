// OpenMPI's handles (MPI_COMM_WORLD, the datatypes, the operations) are macros Swift cannot
// import: these functions return them. MPI_Comm and friends are pointers under OpenMPI and
// integers under MPICH: Swift code uses their typedef names only, never what they are.
#include <mpi.h>

static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype cmpi_int(void) { return MPI_INT; }
static inline MPI_Datatype cmpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype cmpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype cmpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype cmpi_byte(void) { return MPI_BYTE; }
static inline MPI_Op cmpi_sum(void) { return MPI_SUM; }
static inline MPI_Op cmpi_min(void) { return MPI_MIN; }
static inline MPI_Op cmpi_max(void) { return MPI_MAX; }
static inline int cmpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
