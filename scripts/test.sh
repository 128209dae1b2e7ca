#!/usr/bin/env bash
# One command to run every check: installs what is missing (also Chromium for the browser
# tests), then fmt, clippy (native and wasm32), cargo test, the release build of the page and
# the browser tests against it. CI runs exactly this.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
start=$(date +%s)
. "$root/scripts/setup.sh" --browser
cd "$root"

timed() {
  local t0=$(date +%s)
  printf '\n== %s\n' "$*" >&2
  "$@"
  printf '   (%ss)\n' "$(( $(date +%s) - t0 ))" >&2
}

timed cargo fmt --all -- --check
timed cargo clippy --locked --all-targets -- -D warnings
timed cargo clippy --locked --target wasm32-unknown-unknown --lib --bins -- -D warnings
timed cargo test --locked
timed trunk build --release --offline
for wasm in dist/*.wasm; do
  printf '   %s: %s bytes raw, %s bytes gzip -9\n' "$(basename "$wasm")" "$(stat -c %s "$wasm")" "$(gzip -9 -c "$wasm" | wc -c)" >&2
done
timed node --test --test-reporter=spec tests/browser/
printf '\nall checks passed in %ss\n' "$(( $(date +%s) - start ))" >&2
