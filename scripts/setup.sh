#!/usr/bin/env bash
# Installs whatever is missing to build the page (and, with --browser, to test it in Chromium).
# Idempotent: every step checks first. Nothing is downloaded from outside the package
# registries (crates.io, npm, Debian); trunk runs with --offline so it never fetches tools.
# Source it (". scripts/setup.sh") to keep the PATH it sets.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

want_browser=0
for a in "$@"; do [ "$a" = "--browser" ] && want_browser=1; done

step() { printf '\n== %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

step "cargo fetch --locked"
cargo fetch --locked >/dev/null

trunk_version="0.21.14" # trunk 0.22 needs a newer Rust than this machine's 1.95
if [ "$(trunk --version 2>/dev/null | awk '{print $2}')" != "$trunk_version" ]; then
  step "cargo install trunk $trunk_version (about 10 minutes on 2 cores)"
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install trunk --version "$trunk_version" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wbg_version="$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print; exit}' Cargo.lock)"
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  step "cargo install wasm-bindgen-cli $wbg_version (about 4 minutes)"
  # Not --locked: the published lock file pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$wbg_version"
fi

# wasm-opt (npm binaryen) and playwright-core, at the versions package.json pins exactly.
npm_ok() {
  node -e '
    const deps = require("./package.json").devDependencies;
    for (const [name, v] of Object.entries(deps))
      if (require(`./node_modules/${name}/package.json`).version !== v) process.exit(1);
  ' 2>/dev/null
}
if ! npm_ok; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi

if [ "$want_browser" = 1 ]; then
  missing=()
  for p in chromium chromium-driver fonts-noto-cjk; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    step "apt-get install ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
