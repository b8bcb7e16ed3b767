// The size budget of the browser package: what a page downloads to run storylink.
//
//   node scripts/size.mjs [--json] [--budget BYTES] [dir=pkg]
//
// Prints raw, gzip -9 and brotli (quality 11) sizes of every .js and .wasm file in the package (the
// wasm, the wasm-bindgen glue, our bundled entry and anything else a page could load)
// and their total; exits 1 when the gzip total is over the budget (150 KiB by default).
// Deterministic: `gzip -9n` (or node's zlib) and node's brotli at fixed settings (no file name or
// time stamp), no network, no clock.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Every .js and .wasm file of the package (what a page may download), the three core ones first.
const CORE = ['storylink_wasm_bg.wasm', 'storylink_wasm.js', 'storylink.js'];
const KIB = 1024;

const args = process.argv.slice(2);
const json = args.includes('--json');
let budget = 150 * KIB;
const b = args.indexOf('--budget');
if (b >= 0) budget = Number(args[b + 1]);
const dir = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--budget')[0] || 'pkg';

// GNU gzip (`gzip -9n`, the budget's unit) when it is installed; else zlib at level 9, which
// comes out ~2% larger on the wasm (a stricter check, never a looser one).
let gzipTool = 'gzip -9n';
try {
  execFileSync('gzip', ['--version'], { stdio: 'ignore' });
} catch {
  gzipTool = 'zlib level 9';
}
const gzip = (buf) =>
  gzipTool === 'gzip -9n'
    ? execFileSync('gzip', ['-9n'], { input: buf, maxBuffer: 1 << 28 }).length
    : gzipSync(buf, { level: 9 }).length;
const brotli = (buf) =>
  brotliCompressSync(buf, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
    },
  }).length;

let listing = [];
try {
  listing = readdirSync(dir).filter((f) => /\.(m?js|wasm)$/.test(f)).sort();
} catch (_) { /* reported below */ }
const FILES = [...CORE, ...listing.filter((f) => !CORE.includes(f))];
const rows = [];
for (const name of FILES) {
  let buf;
  try {
    buf = readFileSync(join(dir, name));
  } catch (e) {
    console.error(`size: cannot read ${join(dir, name)} (${e.code}); run \`make build\` first`);
    process.exit(2);
  }
  rows.push({ file: name, raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) });
}
const total = { file: 'total', raw: 0, gzip: 0, brotli: 0 };
for (const r of rows) for (const k of ['raw', 'gzip', 'brotli']) total[k] += r[k];
const ok = total.gzip <= budget;

if (json) {
  console.log(JSON.stringify({ files: rows, total, budget, ok, gzip: gzipTool }, null, 2));
} else {
  const kib = (n) => (n / KIB).toFixed(1);
  const line = (r) =>
    `${r.file.padEnd(24)} ${String(r.raw).padStart(9)} ${String(r.gzip).padStart(9)} ${kib(r.gzip).padStart(8)} ` +
    `${String(r.brotli).padStart(9)} ${kib(r.brotli).padStart(8)}`;
  console.log(`${'file'.padEnd(24)} ${'raw B'.padStart(9)} ${'gzip-9 B'.padStart(9)} ${'KiB'.padStart(8)} ${'brotli B'.padStart(9)} ${'KiB'.padStart(8)}`);
  for (const r of rows) console.log(line(r));
  console.log(line(total));
  const margin = budget - total.gzip;
  console.log(
    ok
      ? `size (${gzipTool}): ok, gzip total ${kib(total.gzip)} KiB ≤ budget ${kib(budget)} KiB (${kib(margin)} KiB to spare)`
      : `size (${gzipTool}): OVER BUDGET, gzip total ${kib(total.gzip)} KiB > ${kib(budget)} KiB by ${kib(-margin)} KiB`,
  );
}
process.exit(ok ? 0 : 1);
