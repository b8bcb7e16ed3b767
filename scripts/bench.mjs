// Runs the in-browser benchmark (www/bench.html) in headless Chromium and prints one table with
// the native criterion results (from `cargo bench --bench analyze`, run before by `make bench`).
//
//   node scripts/bench.mjs            run, print, write target/bench.json
//   node scripts/bench.mjs --serve    only serve the repo (open /csp/www/bench.html by hand)
//
// The repo root is served on 127.0.0.1 (any free port) so the page can load pkg/ through www/pkg,
// the peers from node_modules (compromise, mark.js: pinned in package.json, no CDN) and the
// corpus this script writes to target/bench/corpus.json (tests/data/*/*.txt). The page is opened
// under /csp/, i.e. with the strict Content-Security-Policy of the demo's tests.
import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'target', 'bench');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

// ---- the corpus ------------------------------------------------------------------------------
function corpus() {
  const data = join(ROOT, 'tests', 'data');
  const articles = [];
  for (const dir of readdirSync(data, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const f of readdirSync(join(data, dir)).filter((f) => f.endsWith('.txt')).sort()) {
      articles.push({ id: `${dir}/${f}`, text: readFileSync(join(data, dir, f), 'utf8') });
    }
  }
  if (!articles.length) throw new Error('bench: no articles under tests/data/*/*.txt');
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'corpus.json'), JSON.stringify({ articles }));
  return articles;
}

// ---- the machine and versions ----------------------------------------------------------------
function sh(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}
const pkgVersion = (name) => JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
function machine(browserVersion) {
  let cpu = cpus()[0]?.model || 'unknown';
  try {
    cpu = readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] || cpu;
  } catch { /* not Linux */ }
  return {
    date: new Date().toISOString(),
    nproc: Number(sh('nproc', [])) || cpus().length,
    cpu,
    rustc: sh('rustc', ['-V']),
    chromium: browserVersion,
    node: process.version,
    compromise: pkgVersion('compromise'),
    markjs: pkgVersion('mark.js'),
  };
}

// ---- native results (criterion) --------------------------------------------------------------
function native() {
  const dir = join(ROOT, 'target', 'criterion', 'analyze');
  const est = (name, size) => {
    const f = join(dir, name, String(size), 'new', 'estimates.json');
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).median.point_estimate : null; // ns
  };
  const bytes = (size) => {
    const f = join(dir, 'storylink', String(size), 'new', 'benchmark.json');
    return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')).throughput?.Bytes ?? size : size;
  };
  const rows = [];
  for (const size of [100_000, 1_000_000, 10_000_000]) {
    const sl = est('storylink', size);
    const sw = est('split-words', size);
    if (sl == null) continue;
    const b = bytes(size);
    rows.push({
      size, bytes: b, storylinkMs: sl / 1e6, splitWordsMs: sw == null ? null : sw / 1e6,
      storylinkMBps: b / 1e6 / (sl / 1e9), splitWordsMBps: sw == null ? null : b / 1e6 / (sw / 1e9),
      msPerMB: sl / 1e6 / (b / 1e6), ratio: sw == null ? null : sl / sw,
    });
  }
  return rows;
}

// ---- the browser runs ------------------------------------------------------------------------
const LONGTASKS = () => {
  window.__longtasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
};

async function demoLongTasks(browser, base) {
  const longest = (ts) => ts.reduce((m, t) => Math.max(m, t.duration), 0);
  // a) Page load, 3 times: the demo as it is (init(), the package's idle-time warm-up, then link()
  //    in a later task), until its highlights exist; and the same page with link() run in the
  //    task that init() resolves in, as the demo did before (its script replaced by that).
  const READY = () => document.addEventListener('storylink:ready', () => { window.__readyAt = performance.now(); });
  const load = async (sameTask) => {
    const page = await browser.newPage();
    await page.addInitScript(LONGTASKS);
    await page.addInitScript(READY);
    if (sameTask) {
      await page.route('**/www/demo.js', (route) => route.fulfill({ contentType: 'text/javascript',
        body: "import init, { link } from './pkg/storylink.js';\nawait init();\nwindow.storylinkDemo = { handle: link() };\n" }));
    }
    await page.goto(`${base}/www/index.html`);
    await page.waitForSelector('mark[data-storylink-entity]', { timeout: 30000 });
    await page.waitForTimeout(300);
    const r = await page.evaluate(() => ({ tasks: window.__longtasks, readyAt: window.__readyAt }));
    await page.close();
    return { longest: longest(r.tasks), tasks: r.tasks.length, readyAt: r.readyAt };
  };
  const loads = [];
  const sameTask = [];
  for (let i = 0; i < 3; i++) {
    loads.push(await load(false));
    sameTask.push(await load(true));
  }
  // b) link() alone, after init and its warm-up: the demo in ?manual mode, linked by its button; 5 times.
  const page = await browser.newPage();
  await page.addInitScript(LONGTASKS);
  await page.goto(`${base}/www/index.html?manual`);
  await page.waitForFunction(() => window.storylinkDemo !== undefined);
  await page.waitForTimeout(300);
  const calls = [];
  for (let i = 0; i < 5; i++) {
    calls.push(await page.evaluate(async () => {
      window.__longtasks = window.__longtasks.filter(() => false);
      const t0 = performance.now();
      document.querySelector('#toggle').click(); // link()
      const ms = performance.now() - t0;
      await new Promise((ok) => setTimeout(ok, 200));
      const tasks = window.__longtasks.slice();
      document.querySelector('#toggle').click(); // destroy()
      await new Promise((ok) => setTimeout(ok, 100));
      return { ms, tasks };
    }));
  }
  await page.close();
  const all = calls.flatMap((c) => c.tasks);
  return {
    loads, sameTask, loadLongest: Math.max(...loads.map((l) => l.longest)), sameTaskLongest: Math.max(...sameTask.map((l) => l.longest)),
    linkLongest: longest(all), linkTasks: all.length, linkMs: calls.map((c) => c.ms),
    firstLongest: longest(calls[0].tasks), laterLongest: longest(calls.slice(1).flatMap((c) => c.tasks)),
  };
}

function table(rows) {
  const w = [0, 0, 0];
  for (const r of rows) r.forEach((c, i) => { w[i] = Math.max(w[i], String(c).length); });
  const line = (r) => `| ${r.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  return [line(rows[0]), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

async function main() {
  corpus();
  const server = await serve(ROOT, 0);
  const base = `http://127.0.0.1:${server.address().port}`;
  if (process.argv.includes('--serve')) {
    console.log(`bench page: ${base}/csp/www/bench.html`);
    return;
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error' && !/favicon\.ico$/.test(m.location()?.url || '')) errors.push(m.text()); });
    const query = process.argv.find((a) => a.startsWith('?')) || '';
    await page.goto(`${base}/csp-tt/www/bench.html${query}`);
    await page.waitForSelector('body[data-done]', { timeout: 20 * 60 * 1000 });
    const browserRes = await page.evaluate(() => window.__bench);
    await page.close();
    if (browserRes.error || errors.length) throw new Error(`bench page failed: ${browserRes.error || ''}\n${errors.join('\n')}`);
    const demo = await demoLongTasks(browser, base);
    const nat = native();
    const env = machine(browser.version());
    // size.mjs exits 1 over budget: still report the numbers.
    const size = JSON.parse(spawnSync(process.execPath, [join(ROOT, 'scripts', 'size.mjs'), '--json', join(ROOT, 'pkg')], { encoding: 'utf8' }).stdout);
    const result = { env, native: nat, browser: browserRes, demo, size };
    writeFileSync(join(ROOT, 'target', 'bench.json'), JSON.stringify(result, null, 2) + '\n');

    const rows = [['benchmark', 'value', 'note']];
    for (const n of nat) {
      rows.push([`native analyze ${(n.bytes / 1e6).toFixed(2)} MB`, `${n.storylinkMBps.toFixed(1)} MB/s`,
        `${n.msPerMB.toFixed(1)} ms/MB; split-words ${n.splitWordsMBps?.toFixed(0)} MB/s; ${n.ratio?.toFixed(1)}× its time`]);
    }
    if (nat.length > 1) {
      const per = nat.map((n) => n.msPerMB);
      rows.push(['native: time per MB, largest / smallest', `${(Math.max(...per) / Math.min(...per)).toFixed(2)}×`,
        `${per.map((x) => x.toFixed(1)).join(' / ')} ms/MB at ${nat.map((n) => `${(n.bytes / 1e6).toFixed(1)} MB`).join(' / ')}; 1.0× = linear`]);
    }
    if (!nat.length) rows.push(['native analyze', 'not run', 'run `cargo bench --bench analyze` first']);
    for (const r of browserRes.rows) rows.push([r.name, r.value, r.note]);
    const loadNote = (ls) => `3 loads: longest ${ls.map((l) => l.longest.toFixed(0)).join('/')} ms, ${ls.map((l) => l.tasks).join('/')} task(s) ≥ 50 ms; ` +
      `highlights at ${ls.map((l) => l.readyAt.toFixed(0)).join('/')} ms`;
    rows.push(['demo page load (init, idle warm-up, link() in a later task): longest task', `${demo.loadLongest.toFixed(0)} ms`,
      `${loadNote(demo.loads)}; target: none > 50 ms`]);
    rows.push(['demo page load, link() in the task init() resolves in (as before): longest task', `${demo.sameTaskLongest.toFixed(0)} ms`,
      loadNote(demo.sameTask)]);
    rows.push(['demo link() after init and its warm-up (2 stories, 5 times): longest task', `${demo.linkLongest.toFixed(0)} ms`,
      `${demo.linkTasks} long task(s); link() took ${demo.linkMs.map((x) => x.toFixed(0)).join('/')} ms (the first is the first after init); ` +
      `calls 2–5: longest task ${demo.laterLongest.toFixed(0)} ms (0 = none ≥ 50 ms)`]);
    rows.push(['size: pkg wasm + glue + entry, gzip -9', `${(size.total.gzip / 1024).toFixed(1)} KiB`,
      `brotli ${(size.total.brotli / 1024).toFixed(1)} KiB, raw ${(size.total.raw / 1024).toFixed(1)} KiB; budget 150 KiB`]);
    console.log(table(rows));
    console.log(`\n${env.date} · ${env.nproc} × ${env.cpu} · ${env.rustc} · Chromium ${env.chromium} · node ${env.node} · ` +
      `compromise ${env.compromise} · mark.js ${env.markjs}\nwritten: target/bench.json`);
  } finally {
    await browser.close();
    await new Promise((ok) => server.close(ok));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
