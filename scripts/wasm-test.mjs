// Runs the wasm browser tests (tests/web.rs: the core compiled to wasm32, its UTF-16 offsets
// against JavaScript's own string indices) in headless Chromium through wasm-bindgen-test-runner (see .cargo/config.toml and webdriver.json).
// Native-only dev-dependencies (proptest, criterion) are under a cfg(not(wasm32)) table in
// Cargo.toml, so the wasm build does not see them.
import { spawnSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = ['test', '--target', 'wasm32-unknown-unknown', '--test', 'web', ...process.argv.slice(2)];
const r = spawnSync('cargo', args, { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
