#!/usr/bin/env bash
# Crypt4GH decryption throughput: genofed beside the GA4GH Python CLI (libsodium), in one
# run, on the same 1 GiB file encrypted for the same key. Prints median seconds, GB/s and
# the ratio (genofed time / Python time; lower is better).
#
#   bash benches/crypt4gh.sh            # builds, then makes bench-data/c4gh/ on first use
#   RUNS=5 NO_BUILD=1 bash benches/crypt4gh.sh
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
DATA=${DATA:-bench-data}/c4gh
BIN=target/release/genofed
PY=target/venv/bin/crypt4gh
KEYS=../shared/genomics/c4gh/keys

[ -n "${NO_BUILD:-}" ] || cargo build --release --quiet
[ -x "$PY" ] || { python3 -m venv target/venv && target/venv/bin/pip install -q "crypt4gh==1.8.6"; }
mkdir -p "$DATA"
if [ ! -f "$DATA/random.bin.c4gh" ]; then
  echo "generating $DATA/random.bin.c4gh (1 GiB of random bytes, encrypted for bob)"
  head -c 1073741824 /dev/urandom > "$DATA/random.bin"
  "$BIN" crypt4gh encrypt --sk "$KEYS/alice.sec" --recipient-pk "$KEYS/bob.pub" -i "$DATA/random.bin" -o "$DATA/random.bin.c4gh"
fi
FILE="$DATA/random.bin.c4gh"
BYTES=$(( $(stat -c %s "$DATA/random.bin") ))
cat "$FILE" > /dev/null # warm the page cache

median() {
  local cmd=$1 times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s.%N)
    bash -c "$cmd" > /dev/null 2>&1
    t1=$(date +%s.%N)
    times+=("$(echo "$t1 - $t0" | bc -l)")
  done
  printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Both sides must produce the plaintext.
cmp <("$BIN" crypt4gh decrypt --sk "$KEYS/bob.sec" -i "$FILE") "$DATA/random.bin"
g=$(median "$BIN crypt4gh decrypt --sk $KEYS/bob.sec -i $FILE > /dev/null")
p=$(median "$PY decrypt --sk $KEYS/bob.sec < $FILE > /dev/null")
printf '%-28s %8s %8s %8s\n' "decrypt 1 GiB to /dev/null" "genofed" "python" "ratio"
printf '%-28s %7.3fs %7.3fs %8.2f\n' "seconds (median of $RUNS)" "$g" "$p" "$(echo "$g / $p" | bc -l)"
printf '%-28s %8.2f %8.2f\n' "GB/s" "$(echo "$BYTES / $g / 1000000000" | bc -l)" "$(echo "$BYTES / $p / 1000000000" | bc -l)"
