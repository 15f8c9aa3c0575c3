#pragma once

namespace rds_exporter::common {

// How the process's heap hands memory back (glibc's malloc; elsewhere these do nothing). Called once, before any
// thread starts:
// - at most two malloc arenas, where glibc would make one per thread that allocates (up to 8 per core), each
//   keeping what its thread freed: the exporter's threads (collection loops, AWS calls, the server) allocate in
//   bursts, one cycle at a time;
// - blocks of 128 KiB and more (a response body, a rendered page, a snapshot's vectors) straight from the kernel,
//   which takes them back when they are freed, instead of a threshold that grows up to 32 MiB as big blocks are
//   freed and then leaves them in the arenas.
// A variable the user set (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, or GLIBC_TUNABLES) wins.
void bound_heap();

// Returns the free memory at the top of the heap and in whole free pages to the kernel (malloc_trim): called after
// a cycle's transient buffers are freed.
void release_free_heap();

}  // namespace rds_exporter::common
