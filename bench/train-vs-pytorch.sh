#!/usr/bin/env bash
# Trains SimpleNet, CNNNet and ResNet-18 at 64 px on one image folder with LayerBench and with the
# PyTorch reference (../shared/bench/pytorch_reference.py), in the same run, and prints images/s,
# their ratio and both peak RSS. A benchmark, not a test: it asserts nothing.
#
#   [REPEATS=N] bench/train-vs-pytorch.sh [DATA_DIR] [EPOCHS] [MODELS...]
#
# DATA_DIR defaults to the bundled sample (450 train / 150 val images, 64 px); EPOCHS to 4 (the
# figure is the median of the epochs after the first, as the reference reports it). REPEATS (1)
# runs each model's pair that many times, LayerBench and PyTorch alternating so that a slow spell
# of the machine falls on both, and adds a row of medians: on a shared 2-core machine one pair's
# ratio can move by a fifth.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DATA=${1:-$ROOT/sample-data/project/data/shapes}
EPOCHS=${2:-4}
shift $(( $# > 2 ? 2 : $# )) || true
MODELS=${*:-simplenet cnnnet resnet18}
REF="$ROOT/../shared/bench/pytorch_reference.py"
OUT=$(mktemp -d)

bash "$ROOT/../shared/bench/setup-pytorch.sh"
"$ROOT/layerbench" --version >/dev/null   # build first, outside the timings
export LAYERBENCH_SKIP_BUILD=1            # and never in the middle of them

median() { # stdin: one number per line
  sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}
median_after_first() { tail -n +2 | median; }

REPEATS=${REPEATS:-1}

printf '%-10s %14s %14s %7s %12s %12s\n' model layerbench_img/s pytorch_img/s ratio lb_rss_mb pt_rss_mb
for model in $MODELS; do
  case $model in simplenet) ref=simple ;; cnnnet) ref=cnn ;; *) ref=$model ;; esac
  : > "$OUT/rows-$model"
  for ((r = 1; r <= REPEATS; r++)); do
    /usr/bin/time -f '%M' -o "$OUT/lb.rss" "$ROOT/layerbench" train --data "$DATA" --model "$model" \
        --epochs "$EPOCHS" --batch 64 --size 64 --threads 2 --workers 2 -o "$OUT/run-$model-$r" \
        > "$OUT/lb-$model-$r.log" 2>&1
    lb=$(grep -oP 'epoch \d+/\d+ .* \K[0-9.]+(?= img/s)' "$OUT/lb-$model-$r.log" | median_after_first)
    /usr/bin/python3 "$REF" --data "$DATA" --model "$ref" --epochs "$EPOCHS" --batch 64 --size 64 \
        --threads 2 > "$OUT/pt-$model-$r.log" 2>&1
    pt=$(grep -oP '^epoch \d+: \K[0-9.]+(?= img/s)' "$OUT/pt-$model-$r.log" | median_after_first)
    pt_rss=$(grep -oP 'peak_rss_mb=\K[0-9]+' "$OUT/pt-$model-$r.log")
    lb_rss=$(( $(cat "$OUT/lb.rss") / 1024 ))
    ratio=$(awk -v a="$lb" -v b="$pt" 'BEGIN { printf "%.2f", a / b }')
    echo "$lb $pt $ratio $lb_rss $pt_rss" >> "$OUT/rows-$model"
    printf '%-10s %14.1f %14.1f %7s %12s %12s\n' "$model" "$lb" "$pt" "$ratio" "$lb_rss" "$pt_rss"
  done
  if (( REPEATS > 1 )); then
    col() { awk -v c="$1" '{print $c}' "$OUT/rows-$model" | median; }
    printf '%-10s %14.1f %14.1f %7.2f %12s %12s  (medians of %d pairs)\n' "$model" "$(col 1)" \
        "$(col 2)" "$(col 3)" "$(col 4)" "$(col 5)" "$REPEATS"
  fi
done
echo "logs: $OUT"
