#!/usr/bin/env bash
# Times genofed beside bcftools on generated files of realistic shape, in one run, and
# prints the ratios (genofed time / bcftools time; lower is better).
#
#   bash benches/compare.sh            # generates bench-data/ on first use
#   RUNS=5 bash benches/compare.sh     # more repetitions (median is reported)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-bench-data}
BIN=target/release/genofed

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
mkdir -p "$DATA"
if [ ! -f "$DATA/sites.vcf.gz" ]; then
  echo "generating $DATA/sites.vcf.gz (900,000 sites-only records)"
  "$BIN" generate --out "$DATA" --name sites --records 900000 --samples 0 --no-plain --no-bcf >/dev/null
fi
if [ ! -f "$DATA/cohort.vcf.gz" ]; then
  echo "generating $DATA/cohort.vcf.gz (108,000 records x 2,500 samples = 270 M genotypes)"
  "$BIN" generate --out "$DATA" --name cohort --records 108000 --samples 2500 --no-plain --no-bcf >/dev/null
fi
SITES="$DATA/sites.vcf.gz"
COHORT="$DATA/cohort.vcf.gz"

# median wall-clock seconds of RUNS runs of a shell command
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

ext() { echo "CREATE EXTERNAL TABLE $1 STORED AS VCF LOCATION '$2' ${3:-}"; }

printf '%-44s %10s %10s %8s %8s\n' "benchmark" "genofed s" "bcftools s" "ratio" "target"
row() {
  local name=$1 ours=$2 theirs=$3 target=$4
  local a b
  a=$(time_cmd "$ours")
  b=$(time_cmd "$theirs")
  printf '%-44s %10.3f %10.3f %8.3f %8s\n' "$name" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$target"
}

# Sanity: both sides count the same records.
ours_n=$("$BIN" sql --format csv -c "$(ext s "$SITES")" -c "SELECT count(*) FROM s WHERE array_max(info['AF']) > CAST(0.05 AS REAL)" | tail -1)
theirs_n=$(bcftools query -i 'INFO/AF>0.05' -f '\n' "$SITES" | wc -l)
echo "check: AF > 0.05 records: genofed $ours_n, bcftools $theirs_n"
[ "$ours_n" = "$theirs_n" ] || { echo "counts differ" >&2; exit 1; }

row "INFO filter count, 900k sites" \
  "$BIN sql --format csv -c \"$(ext s "$SITES")\" -c \"SELECT count(*) FROM s WHERE array_max(info['AF']) > CAST(0.05 AS REAL)\"" \
  "bcftools query -i 'INFO/AF>0.05' -f '\n' $SITES | wc -l" "<= 0.5"

row "positions-only scan, 2,500 samples" \
  "$BIN sql --format csv -c \"$(ext c "$COHORT")\" -c \"SELECT pos FROM c\"" \
  "bcftools query -f '%POS\n' $COHORT" "<= 0.5"

row "alt-allele count per site (270 M genotypes)" \
  "$BIN sql --format csv -c \"$(ext g "$COHORT" "OPTIONS ('shape' 'genotypes')")\" -c \"SELECT chrom, pos, sum(gt_alt_count(gt)) AS ac FROM g GROUP BY chrom, pos\"" \
  "bcftools +fill-tags $COHORT -- -t AC" "<= 0.25"

row "100 kb region query, CLI (900k sites)" \
  "$BIN sql --format csv -c \"$(ext s "$SITES")\" -c \"SELECT * FROM s WHERE chrom = 'chr1' AND pos <= 2100000 AND \\\"end\\\" >= 2000000\"" \
  "bcftools view -H -r chr1:2000000-2100000 $SITES" "<= 1.5"
