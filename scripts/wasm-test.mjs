// Runs the browser unit tests: src/dom's #[wasm_bindgen_test]s (--lib) and tests/web.rs, in
// headless Chromium through wasm-bindgen-test-runner (see .cargo/config.toml and webdriver.json).
//
// Some dev-dependencies (proptest → wait-timeout) do not build for wasm32-unknown-unknown. While
// Cargo.toml lists such a crate under the all-targets [dev-dependencies], this script runs the
// tests from a derived manifest in target/wasm-tests/ without it (same sources, same Cargo.lock,
// same target dir); once they are native-only, it runs plain `cargo test`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NATIVE_ONLY = ['proptest', 'criterion'];
const args = ['test', '--target', 'wasm32-unknown-unknown', '--lib', '--test', 'web', ...process.argv.slice(2)];

const toml = readFileSync(join(root, 'Cargo.toml'), 'utf8');
// Split into [tables]; find all-target dev-dependencies that cannot build for wasm32.
const tables = toml.split(/^(?=\[)/m);
const devIdx = tables.findIndex((t) => /^\[dev-dependencies\]/.test(t));
const bad = devIdx < 0 ? [] : NATIVE_ONLY.filter((n) => new RegExp(`^${n}\\s*=`, 'm').test(tables[devIdx]));

let cwd = root;
let env = { ...process.env };
if (bad.length) {
  const dir = join(root, 'target', 'wasm-tests');
  mkdirSync(dir, { recursive: true });
  const rel = '../..';
  const out = tables
    .map((t, i) => {
      if (/^\[\[(bin|bench|test|example)\]\]/.test(t)) return '';
      if (i === devIdx) return t.split('\n').filter((l) => !bad.some((n) => new RegExp(`^${n}\\s*=`).test(l))).join('\n');
      if (/^\[lib\]/.test(t)) return t.replace(/^\[lib\]\n/, `[lib]\npath = "${rel}/src/lib.rs"\n`);
      if (/^\[package\]/.test(t)) return t.replace(/^readme\s*=.*$/m, '') + 'autobins = false\nautotests = false\nautobenches = false\nautoexamples = false\nbuild = false\n';
      return t;
    })
    .join('') + `\n[[test]]\nname = "web"\npath = "${rel}/tests/web.rs"\n`;
  writeFileSync(join(dir, 'Cargo.toml'), out);
  copyFileSync(join(root, 'Cargo.lock'), join(dir, 'Cargo.lock'));
  mkdirSync(join(dir, '.cargo'), { recursive: true });
  copyFileSync(join(root, '.cargo', 'config.toml'), join(dir, '.cargo', 'config.toml'));
  copyFileSync(join(root, 'webdriver.json'), join(dir, 'webdriver.json'));
  cwd = dir;
  env.CARGO_TARGET_DIR = join(root, 'target');
  console.error(`wasm-test: building without ${bad.join(', ')} (all-target dev-dependencies that do not build for wasm32)`);
}
const r = spawnSync('cargo', args, { cwd, env, stdio: 'inherit' });
process.exit(r.status ?? 1);
