#!/usr/bin/env bash
# One command to serve the app: installs what is missing, then serves a release build on
# http://127.0.0.1:8080 (trunk rebuilds on change).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$root/scripts/setup.sh"
cd "$root"
echo "serving on http://127.0.0.1:8080" >&2
exec trunk serve --offline --release
