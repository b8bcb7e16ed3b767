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
import { attach, hooks, stopAll } from './dom/widget.js';

export { initSync } from './storylink_wasm.js';

/**
 * Loads the module. A URL (string or URL object) must be http(s), resolved against the page;
 * bytes, a `Response` or a `WebAssembly.Module` are passed through. No argument: the package's
 * own `storylink_wasm_bg.wasm`, next to this file.
 */
export default function init(input) {
  const arg = input && typeof input === 'object' && 'module_or_path' in input ? input.module_or_path : input;
  if (typeof arg === 'string' || arg instanceof URL) {
    const url = new URL(String(arg), typeof document === 'undefined' ? import.meta.url : document.baseURI);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new TypeError(`storylink: init() takes only http(s) URLs, got ${url.protocol}`));
    }
  }
  return wasmInit(input);
}

let fault = null;

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
  return guard(() => wasm.analyze(docs));
}

/** Links the articles on the page; returns a handle whose `destroy()` restores the page. */
export function link(options) {
  const inner = guard(() => attach(options));
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
      await init();
      const handle = link(autoOptions(script));
      Object.defineProperty(script, 'storylink', { value: handle, configurable: true });
    } catch (e) {
      report(e);
    }
  })();
}
