#!/usr/bin/env bash
# Trains the book's chapter-5 tweet classifier (Embedding(V, 300) -> LSTM(300, 100) -> Linear(100, 2)) on the
# Sentiment140 excerpt with LayerBench and with the PyTorch reference (bench/text_pytorch_reference.py: torchtext's
# basic_english and build_vocab_from_iterator, the same batch, length and padding), in the same run, and prints
# training samples/s, their ratio and both peak RSS, plus PyTorch's tokenize+vocabulary time. A benchmark, not a
# test: it asserts nothing. The goal of issue 23 is >= 1.2x PyTorch's samples/s at no more memory.
#
#   [REPEATS=N] [TEXT_MODEL=text-lstm] bench/text-vs-pytorch.sh [CSV] [EPOCHS] [MAX_LENGTH] [PADDING] [SEED]
#
# CSV defaults to ../shared/data/text/sentiment140-excerpt.csv (20,000 rows, text column 5, label column 0, UTF-8 with
# broken sequences replaced); EPOCHS to 4 (the figure is the median of the epochs after the first); MAX_LENGTH to
# 64; PADDING to dynamic; SEED to 1. TEXT_MODEL names LayerBench's template of the chapter-5 model. REPEATS (1) runs
# the pair that many times, LayerBench and PyTorch alternating, and adds a row of medians.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CSV=${1:-$ROOT/../shared/data/text/sentiment140-excerpt.csv}
EPOCHS=${2:-4}
LENGTH=${3:-64}
PADDING=${4:-dynamic}
SEED=${5:-1}
MODEL=${TEXT_MODEL:-text-lstm}
REPEATS=${REPEATS:-1}
REF="$ROOT/bench/text_pytorch_reference.py"

if [[ ! -f $CSV ]]; then
  echo "text-vs-pytorch: $CSV not found (the shared Sentiment140 excerpt, see ../shared/data/README.md)" >&2
  exit 1
fi
"$ROOT/layerbench" --version >/dev/null   # build first, outside the timings
export LAYERBENCH_SKIP_BUILD=1            # and never in the middle of them
# Text training arrives with issue 23; until `train` reads CSV files there is nothing to compare.
if ! "$ROOT/layerbench" train --help 2>/dev/null | grep -q -- '--text-column'; then
  echo "text-vs-pytorch: this build's 'layerbench train' has no --text-column yet (text datasets, issue 23); nothing measured" >&2
  exit 1
fi
bash "$ROOT/../shared/bench/setup-pytorch.sh"
OUT=$(mktemp -d)

median() { # stdin: one number per line
  sort -g | awk '{a[NR]=$1} END {if (NR==0) {print "nan"} else if (NR%2) {print a[(NR+1)/2]} else {print (a[NR/2]+a[NR/2+1])/2}}'
}
median_after_first() { tail -n +2 | median; }
json_field() { /usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$@"; }

printf '%-10s %15s %15s %7s %10s %10s %12s\n' model layerbench_smp/s pytorch_smp/s ratio lb_rss_mb pt_rss_mb pt_tok+vocab_s
: > "$OUT/rows"
for ((r = 1; r <= REPEATS; r++)); do
  if ! /usr/bin/time -f '%M' -o "$OUT/lb.rss" "$ROOT/layerbench" train --data "$CSV" --text-column 5 --label-column 0 \
      --encoding utf-8-replace --tokenizer basic_english --max-length "$LENGTH" --padding "$PADDING" \
      --model "$MODEL" --epochs "$EPOCHS" --batch 64 --seed "$SEED" --threads 2 --workers 2 \
      -o "$OUT/run-$r" > "$OUT/lb-$r.log" 2>&1; then
    echo "text-vs-pytorch: layerbench train failed: $(grep -m1 'layerbench:' "$OUT/lb-$r.log" || tail -n 1 "$OUT/lb-$r.log") (log: $OUT/lb-$r.log)" >&2
    exit 1
  fi
  lb=$(grep -oP 'epoch \d+/\d+ .* \K[0-9.]+(?= (img|samples)/s)' "$OUT/lb-$r.log" | median_after_first)
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$REF" --data "$CSV" --epochs "$EPOCHS" --batch 64 --max-length "$LENGTH" --padding "$PADDING" \
      --threads 2 --seed "$SEED" > "$OUT/pt-$r.json" 2> "$OUT/pt-$r.log"
  pt=$(json_field "$OUT/pt-$r.json" train_samples_per_s_median)
  pt_rss=$(json_field "$OUT/pt-$r.json" peak_rss_mb)
  pt_tok=$(json_field "$OUT/pt-$r.json" tokenize_vocab_s)
  lb_rss=$(( $(cat "$OUT/lb.rss") / 1024 ))
  ratio=$(awk -v a="$lb" -v b="$pt" 'BEGIN { printf "%.2f", a / b }')
  echo "$lb $pt $ratio $lb_rss $pt_rss $pt_tok" >> "$OUT/rows"
  printf '%-10s %15.1f %15.1f %7s %10s %10s %12s\n' "$MODEL" "$lb" "$pt" "$ratio" "$lb_rss" "$pt_rss" "$pt_tok"
done
if (( REPEATS > 1 )); then
  col() { awk -v c="$1" '{print $c}' "$OUT/rows" | median; }
  printf '%-10s %15.1f %15.1f %7.2f %10s %10s %12s  (medians of %d pairs)\n' "$MODEL" "$(col 1)" "$(col 2)" \
      "$(col 3)" "$(col 4)" "$(col 5)" "$(col 6)" "$REPEATS"
fi
awk '{ r = $5 > 0 ? $4 / $5 : 0; printf "peak RSS ratio (layerbench / pytorch): %.2f\n", r }' "$OUT/rows" | tail -n 1
echo "logs: $OUT"
