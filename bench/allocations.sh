#!/usr/bin/env bash
# Heap allocations per frame on the L2TPv3 data path: counts malloc/calloc/realloc calls with a
# small LD_PRELOAD interposer over two runs of `softrtx bench l2tp` and divides the difference by
# the difference in frames. Expect 2 per encapsulated frame (the output ByteBuffer: its storage
# object and its bytes) and 0 per decapsulated one (the frame leaves as a slice of the input).
# Then the same for `softrtx bench esp`: expect 2 per sealed packet (the output buffer) and 2 per
# opened one, both the input buffer the benchmark copies each packet into (as a socket read would
# give it): open decrypts in place and returns a slice.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat >"$work/count.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
extern void *__libc_malloc(size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_memalign(size_t, size_t);
static long n;
static void report(void) { fprintf(stderr, "mallocs: %ld\n", n); }
__attribute__((constructor)) static void init(void) { atexit(report); }
void *malloc(size_t s) { n++; return __libc_malloc(s); }
void *calloc(size_t a, size_t b) { n++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t s) { n++; return __libc_realloc(p, s); }
int posix_memalign(void **p, size_t a, size_t s) { n++; *p = __libc_memalign(a, s); return *p ? 0 : 12; }
C
gcc -shared -fPIC -O2 -o "$work/count.so" "$work/count.c"
swift build -c release >/dev/null
bin="$(swift build -c release --show-bin-path)/softrtx"
for direction in encapsulate decapsulate; do
    for size in 64 1400; do
        a=$(LD_PRELOAD="$work/count.so" "$bin" bench l2tp --frames 100000 --only $direction --size $size 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
        b=$(LD_PRELOAD="$work/count.so" "$bin" bench l2tp --frames 300000 --only $direction --size $size 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
        echo "$direction $size-byte frames: $(( (b - a) / 200000 )) heap allocations per frame"
    done
done
for direction in seal open; do
    for size in 64 1400; do
        a=$(LD_PRELOAD="$work/count.so" "$bin" bench esp --packets 100000 --only $direction --size $size --openssl-seconds 0 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
        b=$(LD_PRELOAD="$work/count.so" "$bin" bench esp --packets 300000 --only $direction --size $size --openssl-seconds 0 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
        echo "esp $direction $size-byte packets: $(( (b - a) / 200000 )) heap allocations per packet"
    done
done
# Then routed frames through `softrtx bench filter` (3 measurements of each frame count): the lists
# must add nothing to what the routed path allocates without them.
for only in none lists; do
    a=$(LD_PRELOAD="$work/count.so" "$bin" bench filter --frames 100000 --only $only 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
    b=$(LD_PRELOAD="$work/count.so" "$bin" bench filter --frames 300000 --only $only 2>&1 >/dev/null | awk '/mallocs/ {print $2}')
    echo "routed frames, filters $only: $(( (b - a) / 600000 )) heap allocations per frame"
done
