// storylink: the package entry (pkg/storylink.js). The wasm-bindgen glue is storylink_wasm.js.
//
//   import init, { analyze, link } from 'storylink';
//   await init();
//   const analysis = analyze([{ id: 'a', text: '...' }]);
//   const handle = link({ articles: '[data-storylink-article]', mode: 'shared' });
//   handle.destroy();
//
// Or, with no code at all:
//   <script type="module" src=".../storylink.js" data-storylink-auto></script>
//
// The analysis runs in the wasm module (storylink_wasm.js is its wasm-bindgen glue); the page
// layer (highlights, cards, index, map) is plain JavaScript in ./dom/.
//
// Bad input throws a TypeError or RangeError whose message starts with "storylink: ", and the
// module is fine afterwards. Anything else that comes out of storylink (a wasm trap, or an
// exception another script's patched DOM method threw in the middle of its work, in a call or in
// one of its event handlers or timers) is a fault: every widget undoes what it changed, the page
// is swept for storylink's tags, `storylink:error` is dispatched on `document`, the error is
// rethrown, and every later call throws at once (the module's state is no longer trusted).
import wasmInit, * as wasm from './storylink_wasm.js';
import { attach, hooks, readDocuments, stopAll } from './dom/widget.js';
import { TextMap } from './dom/text.js';

export { initSync } from './storylink_wasm.js';

/**
 * Loads the module. A URL (string or URL object) must be http(s), resolved against the page;
 * bytes, a `Response` or a `WebAssembly.Module` are passed through. No argument: the package's
 * own `storylink_wasm_bg.wasm`, next to this file.
 */
export default function init(input) {
  const arg = input && typeof input === 'object' && 'module_or_path' in input ? input.module_or_path : input;
  // what a worker loads the same module from (analyzeInWorker): the URL or the compiled module;
  // bytes and Responses are read once, so a worker then uses the package's own file
  let source = new URL('storylink_wasm_bg.wasm', import.meta.url).href;
  if (typeof arg === 'string' || arg instanceof URL) {
    const url = new URL(String(arg), typeof document === 'undefined' ? import.meta.url : document.baseURI);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new TypeError(`storylink: init() takes only http(s) URLs, got ${url.protocol}`));
    }
    source = url.href;
  } else if (arg instanceof WebAssembly.Module) {
    source = arg;
  }
  return wasmInit(input).then((exports) => {
    wasmSource = source;
    warmUp();
    return exports;
  });
}

let wasmSource;

let fault = null;

// The first analysis builds the engine's tables and runs its code for the first time (the
// browser compiles wasm lazily): in a page, a small one runs in idle time after init(), as a task
// of its own, unless analyze() or link() came first: the start of the first article (the page's
// own kind of text, ~8 ms), or a sentence. Its faults are faults like any other.
let warm = null;
let used = false;

function warmUp() {
  if (warm || typeof document === 'undefined') return;
  warm = new Promise((ok) => {
    const run = () => {
      try {
        if (!used && !fault) {
          const root = document.querySelector('[data-storylink-article]');
          // Whole UTF-16 units only: no half of a surrogate pair at the cut.
          const text = (root ? new TextMap(root, null).text.slice(0, 2000) : '').replace(/[\uD800-\uDBFF]$/, '');
          guard(() => wasm.analyze([{ id: 'warm-up', text: text || 'Ana Ruiz of the United Nations met Joe Biden in Paris.' }]));
        }
      } catch (_) { /* a fault is reported by guard(); the page's own errors do not matter here */ }
      ok();
    };
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 200 });
    else setTimeout(run, 0);
  });
}

/** Resolves in a later task (the rest of the current one, and rendering, go first). */
const nextTask = () => (globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((ok) => setTimeout(ok, 0)));

function report(error) {
  if (typeof document === 'undefined') return;
  const message = String((error && error.message) || error);
  document.dispatchEvent(new CustomEvent('storylink:error', { detail: { message }, bubbles: true }));
}

function ours(e) {
  return e instanceof Error && !(e instanceof WebAssembly.RuntimeError) && String(e.message).startsWith('storylink: ');
}

function onFault(e) {
  if (fault) return;
  fault = String((e && e.message) || e);
  stopAll();
  restorePage();
  report(e);
}

hooks.analyze = wasm.analyze;
hooks.fault = onFault;

// After a fault the widgets' own undo has run as far as it could; anything still tagged as
// storylink's is removed: marks are unwrapped and the text they split is joined back into the node before it.
function restorePage() {
  if (typeof document === 'undefined') return;
  const roots = [document];
  for (const host of document.querySelectorAll('*')) if (host.shadowRoot) roots.push(host.shadowRoot);
  for (const root of roots) {
    for (const m of root.querySelectorAll('mark[data-storylink-entity]')) {
      const p = m.parentNode;
      if (!p) continue;
      while (m.firstChild) p.insertBefore(m.firstChild, m);
      p.removeChild(m);
      p.normalize();
    }
    for (const el of root.querySelectorAll('[data-storylink-ui]')) el.remove();
    try {
      root.adoptedStyleSheets = root.adoptedStyleSheets.filter(
        (s) => !Array.from(s.cssRules).some((r) => String(r.cssText).includes('data-storylink-entity')),
      );
    } catch (_) { /* nothing more to do */ }
  }
}

function guard(fn) {
  if (fault) throw new Error(`storylink: stopped after an internal error (${fault}); reload the page`);
  try {
    return fn();
  } catch (e) {
    if (!ours(e)) onFault(e);
    throw e;
  }
}

/** Analyses articles together: `[{id, text}]` → the Analysis (a plain object). */
export function analyze(docs) {
  used = true;
  return guard(() => wasm.analyze(docs));
}

/** Links the articles on the page; returns a handle whose `destroy()` restores the page. */
export function link(options) {
  used = true;
  return handleOf(guard(() => attach(options)));
}

// ---- analysis in a Web Worker ------------------------------------------------------------------

let worker = null;
let lastId = 0;
const waiting = new Map();

function workerError(data) {
  const E = data.name === 'TypeError' ? TypeError : data.name === 'RangeError' ? RangeError : Error;
  return new E(String(data.message).startsWith('storylink: ') ? data.message : `storylink: ${data.message}`);
}

function failAll(e) {
  for (const p of waiting.values()) p.fail(e);
  waiting.clear();
}

let policy = null;

function startWorker() {
  if (worker) return worker;
  let url = new URL('./storylink.worker.js', import.meta.url).href;
  // Where Trusted Types are enforced, a worker's URL must come from a policy: storylink's is named
  // "storylink" and passes only that URL (a page allows it with `trusted-types storylink`; where
  // it may not, this throws and linkAsync() analyses on the page's thread).
  const tt = globalThis.trustedTypes;
  if (tt && typeof tt.createPolicy === 'function') {
    const own = url;
    policy ??= tt.createPolicy('storylink', { createScriptURL: (u) => (u === own ? u : null) });
    url = policy.createScriptURL(url);
  }
  const w = new Worker(url, { type: 'module', name: 'storylink' });
  w.onmessage = ({ data }) => {
    const p = waiting.get(data && data.id);
    if (!p) return;
    waiting.delete(data.id);
    if (data.error) p.fail(workerError(data.error));
    else p.ok(data.analysis);
  };
  w.onerror = (ev) => {
    if (ev && ev.preventDefault) ev.preventDefault();
    w.terminate();
    if (worker === w) worker = null;
    failAll(new Error(`storylink: the analysis worker failed${ev && ev.message ? ` (${ev.message})` : ''}`));
  };
  worker = w;
  return w;
}

/**
 * Analyses articles like `analyze()`, in a Web Worker (started on first use, then reused), so the
 * page's thread stays free however long the text; resolves to the same Analysis.
 */
export function analyzeInWorker(docs) {
  if (fault) return Promise.reject(new Error(`storylink: stopped after an internal error (${fault}); reload the page`));
  if (wasmSource === undefined) return Promise.reject(new Error('storylink: call init() before analyzeInWorker()'));
  return new Promise((ok, fail) => {
    const id = ++lastId;
    waiting.set(id, { ok, fail });
    try {
      startWorker().postMessage({ id, wasm: wasmSource, docs });
    } catch (e) {
      waiting.delete(id);
      fail(e && e.name === 'DataCloneError' ? new TypeError(`storylink: analyzeInWorker() takes plain {id, text} objects (${e.message})`) : e);
    }
  });
}

/** Stops the analysis worker, if one runs (a later call starts another). */
export function stopWorker() {
  if (!worker) return;
  worker.terminate();
  worker = null;
  failAll(new Error('storylink: the analysis worker was stopped'));
}

/**
 * `link()` for long pages: the articles are read now, analysed in a Web Worker, then highlighted
 * in one short task; resolves to the same handle as `link()`. If the articles changed meanwhile
 * they are analysed again on the page's thread, as they are if no worker can run (an old browser,
 * a Content-Security-Policy that allows no worker from the package's origin).
 */
export async function linkAsync(options) {
  used = true;
  const docs = guard(() => readDocuments(options));
  let analysis = null;
  try {
    analysis = await analyzeInWorker(docs);
  } catch (e) {
    // bad input is the caller's to know; a worker that cannot start or run is not
    if (fault || (ours(e) && (e instanceof TypeError || e instanceof RangeError))) throw e;
  }
  // receiving a large analysis is work of its own: the marking gets a task of its own
  await nextTask();
  return handleOf(guard(() => attach(options, analysis && { docs, analysis })));
}

function handleOf(inner) {
  let freed = false;
  return {
    destroy() {
      if (freed) return;
      freed = true;
      if (!fault) guard(() => inner.destroy());
    },
    refresh() { if (!freed) guard(() => inner.refresh()); },
    open(entityId) { return freed ? false : guard(() => inner.open(String(entityId))); },
    close() { if (!freed) guard(() => inner.close()); },
    get analysis() { return freed ? null : inner.analysis; },
    get articles() { return freed ? [] : inner.articles; },
    get destroyed() { return freed || (!fault && inner.destroyed); },
    get off() { return !freed && inner.off; },
    setOff(off) { if (!freed) guard(() => inner.setOff(off)); },
  };
}

// Auto-initialisation: <script type="module" src=".../storylink.js" data-storylink-auto>.
const LONG_PAGE = 150_000;

function autoScript() {
  if (typeof document === 'undefined') return null;
  for (const s of document.querySelectorAll('script[data-storylink-auto][src]')) {
    try {
      if (new URL(s.getAttribute('src'), document.baseURI).href === import.meta.url) return s;
    } catch (_) { /* not a URL */ }
  }
  return null;
}

function autoOptions(script) {
  const first = document.querySelector('[data-storylink-article]');
  const read = (name) => {
    const v = script.getAttribute(`data-storylink-${name}`) ?? (first && first.getAttribute(`data-storylink-${name}`));
    return v === null || v === undefined || v === '' ? undefined : v;
  };
  const opts = {};
  const mode = read('mode');
  if (mode) opts.mode = mode;
  const types = read('types');
  if (types) opts.types = types.split(/[\s,]+/).filter(Boolean).map((t) => t.toUpperCase());
  const exclude = read('exclude');
  if (exclude) opts.exclude = exclude;
  const delay = read('hover-delay');
  if (delay !== undefined && !Number.isNaN(Number(delay))) opts.hoverDelay = Number(delay);
  return opts;
}

const script = autoScript();
if (script) {
  (async () => {
    try {
      // Each step a task of its own (none long): loading, the warm-up, the first link().
      await init();
      await warm;
      await nextTask();
      // a long page (more text than link() reads, analyses and marks within ~50 ms) is analysed
      // in a worker, where one can run
      const opts = autoOptions(script);
      const chars = readDocuments(opts).reduce((n, d) => n + d.text.length, 0);
      const handle = chars > LONG_PAGE ? await linkAsync(opts) : link(opts);
      Object.defineProperty(script, 'storylink', { value: handle, configurable: true });
    } catch (e) {
      report(e);
    }
  })();
}
