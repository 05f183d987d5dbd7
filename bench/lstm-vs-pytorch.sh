#!/bin/sh
# The chapter-5 LSTM (RaggedLstmBenchmark) against PyTorch 1.13 (lstm_packed_reference.py), in
# alternation on the same host, REPEATS pairs (default 3) at THREADS threads (default 1), STEPS
# timed steps each (default 30). Run from the repository root after the engine's tests compiled.
# LayerBench gets the allocator its launchers give it (bin/malloc-env.sh: tcmalloc when installed,
# else glibc kept from trimming); PyTorch runs as Python starts it.
#   REPEATS=5 THREADS=1 bench/lstm-vs-pytorch.sh
set -e
REPEATS=${REPEATS:-3}
THREADS=${THREADS:-1}
STEPS=${STEPS:-30}
i=1
while [ "$i" -le "$REPEATS" ]; do
  (. bin/malloc-env.sh && ./mvnw -q -o -B -Pbench test -pl engine -Dtest=RaggedLstmBenchmark \
    -Dsurefire.failIfNoSpecifiedTests=false -Dspotless.check.skip=true \
    -Dbench.threads="$THREADS" -Dbench.steps="$STEPS") | grep '^LayerBench'
  /usr/bin/python3 bench/lstm_packed_reference.py "$THREADS" "$STEPS"
  i=$((i + 1))
done
