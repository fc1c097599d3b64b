#!/usr/bin/env bash
# Times genofed beside samtools on a generated BAM in one run and prints the ratios
# (genofed time / samtools time; lower is better).
#
#   bash benches/alignments.sh          # generates bench-data/reads.* on first use
#   RUNS=5 bash benches/alignments.sh   # more repetitions (median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-bench-data}
PAIRS=${PAIRS:-2000000}
BIN=target/release/genofed

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
mkdir -p "$DATA"
BAM="$DATA/reads.bam"
if [ ! -f "$BAM" ]; then
  echo "generating $BAM ($PAIRS read pairs, sorted and indexed by samtools)"
  "$BIN" generate --out "$DATA" --name reads --samples 8 --records 10 --no-plain --no-bcf --reads "$PAIRS" >/dev/null
  samtools sort -@ 2 -o "$BAM" "$DATA/reads.sam" 2>/dev/null
  samtools index "$BAM"
  rm -f "$DATA/reads.sam"
fi

time_cmd() {
  local cmd=$1 times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N)
    bash -c "$cmd" >/dev/null
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

ext="CREATE EXTERNAL TABLE a STORED AS BAM LOCATION '$BAM'"
printf '%-48s %10s %10s %8s %8s\n' "benchmark" "genofed s" "samtools s" "ratio" "target"
row() {
  local name=$1 ours=$2 theirs=$3 target=$4
  local a b
  a=$(time_cmd "$ours")
  b=$(time_cmd "$theirs")
  printf '%-48s %10.3f %10.3f %8.3f %8s\n' "$name" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$target"
}

ours_n=$("$BIN" sql --format csv -c "$ext" -c "SELECT count(*) FROM a WHERE mapq >= 30" | tail -1)
theirs_n=$(samtools view -c -q 30 -@ 2 "$BAM")
echo "check: MAPQ >= 30 records: genofed $ours_n, samtools $theirs_n ($(samtools view -c -@ 2 "$BAM") in all)"
[ "$ours_n" = "$theirs_n" ] || { echo "counts differ" >&2; exit 1; }

row "MAPQ >= 30 count, full scan" \
  "$BIN sql --format csv -c \"$ext\" -c \"SELECT count(*) FROM a WHERE mapq >= 30\"" \
  "samtools view -c -q 30 -@ 2 $BAM" "<= 1.0"
row "flag x MAPQ>=30 aggregate, full scan" \
  "$BIN sql --format csv -c \"$ext\" -c \"SELECT flag, count(*) FROM a WHERE mapq >= 30 GROUP BY flag\"" \
  "samtools view -c -q 30 -@ 2 $BAM" "<= 1.0"
row "region count chr1:1000000-1100000" \
  "$BIN sql --format csv -c \"$ext\" -c \"SELECT count(*) FROM a WHERE rname = 'chr1' AND pos <= 1100000 AND \\\"end\\\" >= 1000000\"" \
  "samtools view -c $BAM chr1:1000000-1100000" "-"
