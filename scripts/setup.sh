#!/usr/bin/env bash
# Installs what building and testing storylink needs, idempotently: quick when everything is present.
# Versions and gotchas: see ../shared/toolchain.md (G1: never Debian's binaryen; G3: no --locked for
# wasm-bindgen-cli). Prints nothing but what it installs.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# 1. Chromium and its matching driver (Debian), when root and missing. Never binaryen (wasm-opt 108 fails).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing chromium and chromium-driver (apt)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    say "chromium/chromedriver missing and not root: install them (Debian: apt-get install chromium chromium-driver)"
    exit 1
  fi
fi

# 2. The wasm target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 3. wasm-pack (pinned) and wasm-bindgen-cli (must equal the wasm-bindgen in Cargo.lock).
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack 0.15.1" ]; then
  say "installing wasm-pack 0.15.1"
  cargo install wasm-pack --version 0.15.1 --locked
fi
wb_ver=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
if [ -z "$wb_ver" ]; then
  say "no wasm-bindgen in Cargo.lock"; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wb_ver" ] ||
   [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" != "wasm-bindgen-test-runner $wb_ver" ]; then
  say "installing wasm-bindgen-cli $wb_ver"
  cargo install wasm-bindgen-cli --version "=$wb_ver" --force   # no --locked (G3)
fi

# 4. npm dev tools (binaryen's wasm-opt 132, playwright-core, axe-core, benchmark peers).
stamp=node_modules/.storylink-lock
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "npm ci"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json "$stamp"
fi
