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
// A wasm trap (a bug, never bad input: that throws a TypeError or RangeError) is caught here:
// the page is restored and a `storylink:error` event is dispatched on `document`.
import init, * as wasm from './storylink_wasm.js';

export default init;
export { initSync } from './storylink_wasm.js';

function report(error) {
  if (typeof document === 'undefined') return;
  const message = String((error && error.message) || error);
  document.dispatchEvent(new CustomEvent('storylink:error', { detail: { message }, bubbles: true }));
}

function isTrap(e) {
  return typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;
}

// After a trap the module's own undo cannot run: remove what storylink adds, by its tags.
function restorePage() {
  if (typeof document === 'undefined') return;
  const parents = new Set();
  for (const m of document.querySelectorAll('mark[data-storylink-entity]')) {
    const p = m.parentNode;
    if (!p) continue;
    while (m.firstChild) p.insertBefore(m.firstChild, m);
    p.removeChild(m);
    parents.add(p);
  }
  for (const p of parents) p.normalize();
  for (const el of document.querySelectorAll('[data-storylink-ui]')) el.remove();
  try {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(
      (s) => !Array.from(s.cssRules).some((r) => String(r.cssText).includes('data-storylink-entity')),
    );
  } catch (_) { /* nothing more to do */ }
}

function guard(fn, restore) {
  try {
    return fn();
  } catch (e) {
    if (isTrap(e)) {
      if (restore) restorePage();
      report(e);
    }
    throw e;
  }
}

/** Analyses articles together: `[{id, text}]` → the Analysis (a plain object). */
export function analyze(docs) {
  return guard(() => wasm.analyze(docs), false);
}

/** Links the articles on the page; returns a handle whose `destroy()` restores the page. */
export function link(options) {
  const inner = guard(() => wasm.link(options), true);
  let freed = false;
  const call = (f) => guard(f, true);
  return {
    destroy() {
      if (freed) return;
      call(() => inner.destroy());
      freed = true;
    },
    refresh() { if (!freed) call(() => inner.refresh()); },
    open(entityId) { return freed ? false : call(() => inner.open(String(entityId))); },
    close() { if (!freed) call(() => inner.close()); },
    get analysis() { return freed ? null : call(() => inner.analysis); },
    get articles() { return freed ? [] : call(() => inner.articles); },
    get destroyed() { return freed; },
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
