#!/usr/bin/env bash
# Decode + RandomResizedCrop(224) + horizontal flip + ColorJitter(0.4, 0.4, 0.4, 0.1) + ToTensor + Normalize:
# images/s of LayerBench's batch loader (engine/…/PipelineLoaderBenchmark.java) and of torchvision's
# DataLoader (bench/loader_reference.py), both with 2 workers and batch 64 on the same folder, alternated
# REPEATS times; prints each pair, their ratio, and the medians. A benchmark, not a test: it asserts nothing.
#
#   bench/loader-vs-torchvision.sh [DIR] [REPEATS]
#
# DIR defaults to bench-out/loader-photos, written once by bench/make_photos.py (600 photo-like JPEGs of about
# 500×375, quality 90, in 3 classes). REPEATS defaults to 3. Each figure is the median of 3 epochs after a
# warm-up epoch. The machine's load average is printed before each pair: measure when it is low. The CPU time
# per image (every thread/process of each side) is printed too; it depends much less on others' load. Last, each
# side's CPU time per image for each step on one thread (decode, crop, flip, each jitter, ToTensor, Normalize).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${1:-$ROOT/bench-out/loader-photos}
REPEATS=${2:-3}
PY=/usr/bin/python3
OUT=$(mktemp -d)

bash "$ROOT/../shared/bench/setup-pytorch.sh"
if [ $# -lt 1 ] && [ ! -d "$DATA" ]; then
  "$PY" "$ROOT/bench/make_photos.py" "$DATA"
fi
DATA=$(cd "$DATA" && pwd)
cd "$ROOT"
./mvnw -q -o test-compile -pl engine >/dev/null   # build first, outside the timings

median() { # stdin: one number per line
  sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}

printf '%-6s %-8s %16s %17s %7s %15s %15s\n' run load_1m layerbench_img/s torchvision_img/s ratio lb_cpu_ms/img tv_cpu_ms/img
for i in $(seq 1 "$REPEATS"); do
  load=$(cut -d' ' -f1 /proc/loadavg)
  ./mvnw -q -o -Pbench test -pl engine -Dtest='PipelineLoaderBenchmark#throughput' \
      -Dsurefire.failIfNoSpecifiedTests=false -Dbench.data="$DATA" > "$OUT/lb-$i.log" 2>&1
  lb=$(grep -oP '^BENCH pipeline-loader .* img_per_s=\K[0-9.]+' "$OUT/lb-$i.log")
  lb_cpu=$(grep -oP '^BENCH pipeline-loader .* cpu_ms_per_image=\K[0-9.]+' "$OUT/lb-$i.log")
  "$PY" "$ROOT/bench/loader_reference.py" --data "$DATA" --workers 2 --batch 64 > "$OUT/tv-$i.log" 2>&1
  tv=$(grep -oP '^RESULT .* img_per_s=\K[0-9.]+' "$OUT/tv-$i.log")
  tv_cpu=$(grep -oP '^RESULT .* cpu_ms_per_image=\K[0-9.]+' "$OUT/tv-$i.log")
  echo "$lb" >> "$OUT/lb.all"
  echo "$tv" >> "$OUT/tv.all"
  ratio=$(awk -v a="$lb" -v b="$tv" 'BEGIN { printf "%.2f", a / b }')
  echo "$ratio" >> "$OUT/ratio.all"
  printf '%-6s %-8s %16.1f %17.1f %7s %15s %15s\n' "$i" "$load" "$lb" "$tv" "$ratio" "$lb_cpu" "$tv_cpu"
done
printf '%-6s %-8s %16.1f %17.1f %7s\n' median "" "$(median < "$OUT/lb.all")" "$(median < "$OUT/tv.all")" \
    "$(median < "$OUT/ratio.all")"
printf 'spread: layerbench %s–%s img/s, torchvision %s–%s img/s, ratio %s–%s\n' \
    "$(sort -g "$OUT/lb.all" | head -1)" "$(sort -g "$OUT/lb.all" | tail -1)" \
    "$(sort -g "$OUT/tv.all" | head -1)" "$(sort -g "$OUT/tv.all" | tail -1)" \
    "$(sort -g "$OUT/ratio.all" | head -1)" "$(sort -g "$OUT/ratio.all" | tail -1)"
echo "CPU ms per image and step, one thread:"
./mvnw -q -o -Pbench test -pl engine -Dtest='PipelineLoaderBenchmark#perStep' \
    -Dsurefire.failIfNoSpecifiedTests=false -Dbench.data="$DATA" > "$OUT/lb-steps.log" 2>&1
echo "  layerbench  $(grep -oP '^BENCH pipeline-steps cpu_ms_per_image \K.*' "$OUT/lb-steps.log")"
"$PY" "$ROOT/bench/loader_reference.py" --data "$DATA" --per-step > "$OUT/tv-steps.log" 2>&1
echo "  torchvision $(grep -oP '^RESULT per-step cpu_ms_per_image \K.*' "$OUT/tv-steps.log")"
echo "logs: $OUT"
