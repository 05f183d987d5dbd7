# Sourced by the launchers (POSIX sh): which allocator serves libtorch's CPU tensors. It must be
# chosen before the process starts (glibc reads its settings once, LD_PRELOAD is read by the
# loader), so Java cannot do it for itself. LAYERBENCH_MALLOC picks: auto (the default: tcmalloc
# when installed, else glibc as below), tcmalloc, glibc, or system (leave the environment alone).
#
# Why: libtorch's CPU allocator is plain malloc/free, with no cache of its own. In a JVM the engine
# thread gets one of glibc's secondary arenas, whose heaps are at most 64 MB, so every larger tensor
# (CNNNet's fc weight gradients, ResNet-18's activations at batch 64) is mapped and unmapped again
# each step, and what is freed below is trimmed back to the kernel: each step faults its memory in
# afresh, page by page, zeroed. 2026-12-06, 2 cores, 4 epochs of the sample at batch 64 (median of
# epochs 2-4, peak RSS):
#   glibc defaults        CNNNet  79 img/s 1220 MB   ResNet-18 158 img/s 816 MB
#   glibc, settings below CNNNet 177 img/s 1312 MB   ResNet-18 168 img/s 869 MB
#   tcmalloc              CNNNet 184 img/s 1331 MB   ResNet-18 175 img/s 701 MB
#   jemalloc (defaults)                              ResNet-18  62 img/s 675 MB (it gives pages back)
# glibc's settings: one arena (the main one, grown with brk), no mmap and no trimming keep freed
# tensor memory for the next step; each of the three alone, or any two, gained nothing (CNNNet,
# batch 16, StepTimingBenchmark: 481-490 ms per step, 141-143 ms with all three). Either way the
# engine hands free memory back when it goes idle (NativeHeap.release).
lb_tcmalloc() {
  for lb_lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib64/libtcmalloc_minimal.so.4 \
      /usr/lib/libtcmalloc_minimal.so.4; do
    [ -f "$lb_lib" ] && { echo "$lb_lib"; return 0; }
  done
  return 1
}
lb_glibc_malloc() {
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
  export MALLOC_MMAP_MAX_="${MALLOC_MMAP_MAX_:-0}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-68719476736}"
}
case "${LAYERBENCH_MALLOC:-auto}" in
  system) ;;
  glibc) lb_glibc_malloc ;;
  auto | tcmalloc)
    case "${LD_PRELOAD:-}" in
      *malloc*) ;; # an allocator the user preloads wins
      *)
        if lb_lib=$(lb_tcmalloc); then
          export LD_PRELOAD="$lb_lib${LD_PRELOAD:+:$LD_PRELOAD}"
        else
          [ "${LAYERBENCH_MALLOC:-auto}" = tcmalloc ] &&
            echo "layerbench: tcmalloc is not installed (apt-get install libtcmalloc-minimal4); using glibc's allocator" >&2
          lb_glibc_malloc
        fi
        ;;
    esac
    ;;
  *) echo "layerbench: LAYERBENCH_MALLOC must be auto, tcmalloc, glibc or system" >&2; exit 2 ;;
esac
