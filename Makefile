# storylink: `make demo` builds and serves the demo, `make test` runs every test.
SHELL := /bin/bash
PORT ?= 8080
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export CHROMEDRIVER ?= /usr/bin/chromedriver
export WASM_BINDGEN_TEST_TIMEOUT ?= 90
export WASM_BINDGEN_TEST_DRIVER_TIMEOUT ?= 30

# The features rustc enables by default for wasm32-unknown-unknown (wasm-opt must be told).
WASM_FEATURES := --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --enable-call-indirect-overlong

.PHONY: all setup build cli pkg demo test test-native test-web test-e2e clean size bench fuzz

all: build

setup:
	@bash scripts/setup.sh

cli: setup
	cargo build --release --bin storylink

# pkg/: wasm-pack output (storylink_wasm.*) + our entry storylink.js (bundled with the page layer
# src/js/dom, minified); mirrored into www/pkg.
pkg: setup
	wasm-pack --quiet build --target web --release --out-dir pkg --out-name storylink_wasm --no-pack --no-opt
	wasm-opt pkg/storylink_wasm_bg.wasm -o pkg/storylink_wasm_bg.wasm -Oz --converge --strip-debug --strip-producers $(WASM_FEATURES)
	node scripts/pkg.mjs

build: cli pkg

demo: build
	node scripts/serve.mjs www $(PORT)

test: build test-native test-web test-e2e size

# The browser package against its budget: raw/gzip -9/brotli per file; fails over 150 KiB gzip.
size: pkg
	node scripts/size.mjs pkg

# Benchmarks (not tests): native criterion, then the in-browser page; results in target/bench.json.
bench: build
	cargo bench --bench analyze
	node scripts/bench.mjs

test-native:
	cargo test

test-web:
	node scripts/wasm-test.mjs

# The long property-test run (issue 7): 200,000 cases per property over hostile text. The dev
# profile at opt-level 2 in its own target dir (the release profile's panic = "abort" cannot run
# tests, and a separate dir keeps the normal test build cached). FUZZ_CASES=N to change the count.
FUZZ_CASES ?= 200000
fuzz:
	CARGO_TARGET_DIR=target/fuzz CARGO_PROFILE_DEV_OPT_LEVEL=2 STORYLINK_FUZZ_CASES=$(FUZZ_CASES) \
	  cargo test --test fuzz -- --test-threads=2

test-e2e:
	node --test --test-reporter=spec --test-concurrency=1 tests/e2e/

clean:
	cargo clean
	rm -rf pkg www/pkg target/screenshots
