#!/usr/bin/env bash
# The project's test command (README.md, .ci/run): installs what the tests need on a
# fresh machine, then runs every test of the workspace.
set -euo pipefail
cd "$(dirname "$0")/.."

# The build needs disk: say how much there is, so a full disk is plain in the log.
df -h . | tail -1 | awk '{print "disk free beside target/: " $4 " of " $2}'

need=()
for tool in bcftools tabix bgzip samtools curl; do
  command -v "$tool" >/dev/null 2>&1 || need+=("$tool")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "installing bcftools/tabix/samtools/curl (missing: ${need[*]})"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq bcftools tabix samtools curl >/dev/null
fi

# The GA4GH crypt4gh CLI (Python), the interop oracle of the Crypt4GH tests.
if [ ! -x target/venv/bin/crypt4gh ]; then
  echo "installing the crypt4gh CLI into target/venv"
  python3 -m venv target/venv
  target/venv/bin/pip install -q "crypt4gh==1.8.6"
fi
# The Python ADBC Flight SQL driver, the real client of the Flight SQL tests.
if ! target/venv/bin/python -c "import adbc_driver_flightsql, pyarrow" 2>/dev/null; then
  echo "installing adbc-driver-flightsql and pyarrow into target/venv"
  target/venv/bin/pip install -q adbc-driver-flightsql pyarrow
fi

# Cedar's own CLI, to cross-check that the generated policies validate with it too.
CEDAR_CLI_VERSION=4.14.1
if [ ! -x target/tools/bin/cedar ] || ! target/tools/bin/cedar --version | grep -q "$CEDAR_CLI_VERSION"; then
  echo "installing cedar-policy-cli $CEDAR_CLI_VERSION into target/tools"
  if ! cargo install --quiet --locked --root target/tools "cedar-policy-cli@$CEDAR_CLI_VERSION"; then
    echo "warning: cannot install cedar-policy-cli: the Cedar CLI cross-check is skipped" >&2
  fi
fi
export GENOFED_REQUIRE_ADBC=1
if [ -x target/tools/bin/cedar ]; then
  export GENOFED_REQUIRE_CEDAR_CLI=1
fi

if [ ! -d ../shared/genomics ]; then
  echo "error: ../shared/genomics (reference data) is missing beside the checkout" >&2
  exit 1
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace
