// The page layer: finds article roots, reads their text, has the wasm module analyse it,
// highlights the chosen entities and shows the hover card, index and map.
//
// Everything it adds is tagged (`data-storylink-*`) and recorded, so `destroy()` puts the page
// back exactly: the same nodes, the same text, no attribute, listener or stylesheet left behind.
//
// Events: one delegated listener set per article root, a few on the document and window (click
// outside, Escape, scroll, resize) and on the card; all removed on teardown. While the widget is
// busy (building, opening a card, moving focus) events it fires itself are ignored, and its own
// CustomEvents are dispatched in a microtask, never in the middle of its work.
import { PAGE } from './style.js';
import { TextMap, Undo } from './text.js';
import { anchorVisible, copyLink, focusAction, position, renderCard } from './card.js';
import { renderIndex } from './index.js';

/**
 * What the entry plugs in: `analyze` (the wasm export) and `fault` (called with any unexpected
 * exception from a handler or timer, before it is rethrown).
 */
export const hooks = { analyze: null, fault: null };

/** The most documents (or article roots) one call takes. */
const MAX_DOCUMENTS = 10000;
const TYPES = ['PERSON', 'ORG', 'PLACE', 'LAW', 'MISC'];

const err = (Kind, msg) => new Kind(`storylink: ${msg}`);

function typeName(v) {
  if (v === null) return 'null';
  return isArray(v) ? 'an array' : typeof v;
}

/** `Array.isArray`, which throws on a revoked `Proxy`. */
function isArray(v) {
  try {
    return Array.isArray(v);
  } catch (_) {
    return false;
  }
}

/** Reads `obj[key]`, turning a throwing getter into a `TypeError` that names the field. */
function get(obj, key, what) {
  try {
    return obj[key];
  } catch (e) {
    throw err(TypeError, `reading ${what}.${key} threw: ${e instanceof Error ? e.message : 'a non-Error value'}`);
  }
}

/** Reads `list.length` and `list[i]` (a `Proxy` or a getter may throw), checking the length first. */
function items(list, what) {
  const len = get(list, 'length', what);
  if (typeof len !== 'number' || !(len >= 0 && len <= MAX_DOCUMENTS) || len % 1) {
    throw err(RangeError, `${what}.length must be an integer in 0..=${MAX_DOCUMENTS}`);
  }
  const out = [];
  for (let i = 0; i < len; i++) {
    try {
      out.push(list[i]);
    } catch (_) {
      throw err(TypeError, `reading ${what}[${i}] threw`);
    }
  }
  return out;
}

function delay(v, key, dflt) {
  const d = get(v, key, 'options');
  if (d === undefined) return dflt;
  if (typeof d === 'number' && d >= 0 && d <= 60000) return Math.trunc(d);
  throw err(RangeError, `options.${key} must be a number of milliseconds in 0..=60000`);
}

function target(v, key) {
  const t = get(v, key, 'options');
  if (t === undefined || typeof t === 'string' || t instanceof Element) return t;
  if (t === null || t === false) return null;
  throw err(TypeError, `options.${key} must be a selector, an element or false`);
}

/** Checks the options of `link` and fills in defaults. */
function readOptions(v) {
  const o = { articles: '[data-storylink-article]', mode: 'connected', types: null, exclude: null,
    hoverDelay: 500, closeDelay: 300, index: undefined, map: undefined };
  if (v === undefined || v === null) return o;
  if (typeof v !== 'object' && typeof v !== 'function') throw err(TypeError, `link() expects an options object, got ${typeName(v)}`);
  const articles = get(v, 'articles', 'options');
  if (typeof articles === 'string') o.articles = articles;
  else if (articles instanceof Element) o.articles = [articles];
  else if (articles !== null && typeof articles === 'object') {
    if (typeof get(articles, 'length', 'options.articles') !== 'number') {
      throw err(TypeError, 'options.articles must be a selector, an element or a list of elements');
    }
    o.articles = items(articles, 'options.articles').map((el, i) => {
      if (!(el instanceof Element)) throw err(TypeError, `options.articles[${i}] is not an element`);
      return el;
    });
  } else if (articles !== undefined) {
    throw err(TypeError, `options.articles must be a selector, an element or a list of elements, got ${typeName(articles)}`);
  }
  const mode = get(v, 'mode', 'options');
  if (mode !== undefined) {
    if (!['shared', 'connected', 'all'].includes(mode)) {
      throw err(TypeError, `options.mode must be "shared", "connected" or "all", got ${typeof mode === 'string' ? JSON.stringify(mode) : typeName(mode)}`);
    }
    o.mode = mode;
  }
  const types = get(v, 'types', 'options');
  if (types !== undefined && types !== null) {
    let list;
    if (typeof types === 'string') list = types.split(/[, ]/).filter(Boolean);
    else if (isArray(types)) list = items(types, 'options.types').map((t) => (typeof t === 'string' ? t : ''));
    else throw err(TypeError, 'options.types must be an array of entity types');
    o.types = new Set(list.map((t) => {
      const k = t.trim().toUpperCase();
      if (!TYPES.includes(k)) throw err(TypeError, `options.types: unknown entity type ${JSON.stringify(t)} (PERSON, ORG, PLACE, LAW, MISC)`);
      return k;
    }));
  }
  const exclude = get(v, 'exclude', 'options');
  if (typeof exclude === 'string') {
    if (exclude.trim()) o.exclude = exclude;
  } else if (exclude !== undefined && exclude !== null) {
    throw err(TypeError, 'options.exclude must be a CSS selector string');
  }
  o.hoverDelay = delay(v, 'hoverDelay', o.hoverDelay);
  o.closeDelay = delay(v, 'closeDelay', o.closeDelay);
  o.index = target(v, 'index');
  o.map = target(v, 'map');
  return o;
}

function findRoots(doc, articles) {
  let roots = articles;
  if (typeof articles === 'string') {
    try {
      roots = [...doc.querySelectorAll(articles)];
    } catch (_) {
      throw err(TypeError, `options.articles ${JSON.stringify(articles)} is not a valid CSS selector`);
    }
  }
  if (roots.length > MAX_DOCUMENTS) {
    throw err(RangeError, `${roots.length} article roots; at most ${MAX_DOCUMENTS} are linked at once`);
  }
  // A root the page has taken out of the document is not linked; duplicates and roots nested in
  // another root (their text is already read) are dropped.
  const out = [];
  for (const r of roots) {
    if (!r.isConnected || out.some((o) => o === r || o.contains(r))) continue;
    for (let i = out.length - 1; i >= 0; i--) if (r.contains(out[i])) out.splice(i, 1);
    out.push(r);
  }
  return out;
}

/** Dispatches a `CustomEvent` on `doc` in a microtask (never in the middle of the widget's work). */
function dispatchLater(doc, name, detail) {
  queueMicrotask(() => doc.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail })));
}

function titleOf(root, map) {
  const t = (root.getAttribute('data-storylink-title') || '').trim();
  if (t) return t;
  const h = root.querySelector('h1, h2, h3, h4, h5, h6');
  const ht = h ? h.textContent.split(/\s+/).filter(Boolean).join(' ') : '';
  if (ht) return ht;
  const words = map.text.split(/\s+/).filter(Boolean);
  return words.slice(0, 9).join(' ') + (words.length > 9 ? '…' : '');
}

/**
 * The reader's off switch: the one key storylink ever writes (localStorage, per site). Storage
 * may be missing or throw (sandboxed frames, disabled storage): then the switch lasts for the page.
 */
export const OFF_KEY = 'storylink:off';

function storage(win) {
  try {
    return win.localStorage || null;
  } catch (_) {
    return null;
  }
}

/** Whether the reader turned storylink off on this site. */
function readOff(win) {
  try {
    return storage(win)?.getItem(OFF_KEY) === '1';
  } catch (_) {
    return false;
  }
}

function writeOff(win, off) {
  try {
    const s = storage(win);
    if (off) s?.setItem(OFF_KEY, '1');
    else s?.removeItem(OFF_KEY);
  } catch (_) { /* not persisted */ }
}

/** Attached widgets, so that linking the same root twice replaces the first. */
const LIVE = new Set();

const PASSIVE = new Set(['scroll', 'resize', 'pointerover', 'pointerout', 'pointerenter', 'pointerleave']);

/**
 * Whether a mention's first mark inside `parent` (a text node's parent) may be a keyboard stop:
 * not when it is already inside something interactive (no nested interactive roles).
 */
function notInteractive(parent) {
  return parent.nodeType !== 1 || !parent.closest('a, button, label, summary, [role=button], [role=link], [tabindex]:not(mark)');
}

/** The state of one attached widget. */
export class Widget {
  /** @param {ReturnType<typeof readOptions>} opts */
  constructor(doc, opts) {
    this.doc = doc;
    this.win = doc.defaultView || window;
    this.opts = opts;
    this.analysis = { documents: [], entities: [], relations: [] };
    this.relinkedAt = -Infinity;
    this.strikes = 0;
    this.observer = null;
    this.relink = null;
    this.busy = false;
    this.off = readOff(this.win);
    this.reset();
  }

  reset() {
    /** @type {{root: Element, id: string, title: string, map: TextMap, hits: number[]}[]} */
    this.articles = [];
    /** @type {{article: number, entity: string, start: number, end: number, marks: Element[], focusable: boolean}[]} */
    this.hits = [];
    /** Entity id → its hits in page order. */
    this.byEntity = new Map();
    /** Highlighted entity id → "shared" | "connected" | "single". */
    this.kinds = new Map();
    this.entities = new Map();
    this.undo = new Undo();
    this.sheet = null;
    this.sheetOwners = [];
    /** @type {import('./card.js').Card|null} */
    this.card = null;
    /** @type {{hit: number, trigger: string}|null} */
    this.open = null;
    this.openTimer = null;
    this.closeTimer = null;
    this.flash = null;
    this.listeners = [];
    this.extras = [];
    this.dead = false;
  }

  /** Runs `f` as the widget's own work: events it fires meanwhile are ignored; a throw is a fault. */
  run(f) {
    if (this.busy || this.dead) return;
    this.busy = true;
    try {
      f();
    } catch (e) {
      this.busy = false;
      hooks.fault?.(e);
      throw e;
    } finally {
      this.busy = false;
    }
  }

  /** Adds a listener that teardown removes; `h(widget, event)`. */
  on(target, kind, capture, h) {
    const f = (ev) => this.run(() => h(this, ev));
    target.addEventListener(kind, f, { capture, passive: PASSIVE.has(kind) });
    this.listeners.push([target, kind, f, capture]);
  }

  /** Runs `f` after `ms` milliseconds (skipped if the widget is busy or gone); returns the id. */
  timer(ms, f) {
    return this.win.setTimeout(() => this.run(f), ms);
  }

  entity(id) {
    return this.entities.get(id);
  }

  titleOf(docId) {
    return this.articles.find((a) => a.id === docId)?.title ?? docId;
  }

  /** Reads, analyses and highlights the roots; adds listeners, styles, index and map. */
  build(roots) {
    this.articles.push(...readArticles(this.doc, roots, this.opts.exclude));
    // Turned off by the reader: nothing is analysed or highlighted; the index (where the page
    // has one) offers to turn it back on.
    if (this.off) {
      renderIndex(this);
      return;
    }
    const docs = this.articles.map((a) => ({ id: a.id, text: a.map.text }));
    // linkAsync() hands in an analysis made elsewhere of the text it read: used only if the
    // articles still read the same
    const pre = this.pre;
    this.pre = null;
    const same = pre && pre.docs.length === docs.length && pre.docs.every((d, i) => d.id === docs[i].id && d.text === docs[i].text);
    this.analysis = same ? pre.analysis : hooks.analyze(docs);
    for (const e of this.analysis.entities) this.entities.set(e.id, e);
    this.chooseEntities();
    this.highlight();
    this.adoptPageSheet();
    this.listen();
    renderIndex(this);
    this.observe();
  }

  /** Tears down and links the articles again (same options, roots found again). */
  relinkNow() {
    this.teardown();
    this.dead = false;
    try {
      this.build(findRoots(this.doc, this.opts.articles));
    } catch (e) {
      this.teardown();
      throw e;
    }
  }

  /**
   * The reader's switch: off removes every highlight and card (the index, if any, stays with a
   * "Show highlights" button) and remembers it for the site; on links the articles again.
   * Focus moves to the index's button or summary when the index is shown.
   */
  setOff(off, focus) {
    writeOff(this.win, off);
    this.off = !!off;
    this.relinkNow();
    if (focus) this.extras.find((e) => e.hasAttribute('data-storylink-index-host'))?.shadowRoot?.querySelector(off ? '[data-action="on"]' : 'summary')?.focus();
  }

  /**
   * Starts watching the article roots (their subtrees) and their parents (for a root that is
   * replaced). Attribute changes (the only ones storylink makes while linked) are not watched.
   */
  observe() {
    this.observer ||= new MutationObserver((records) => {
      if (!this.busy && !this.dead && this.isForeign(records)) this.run(() => this.pageChanged());
    });
    for (const a of this.articles) {
      this.observer.observe(a.root, { childList: true, subtree: true, characterData: true });
      if (a.root.parentNode) this.observer.observe(a.root.parentNode, { childList: true });
    }
  }

  /** Whether mutation records show a change the page made to an article (not storylink's own UI). */
  isForeign(records) {
    const ui = (n) => n instanceof Element && n.hasAttribute('data-storylink-ui');
    const allUi = (l) => [...l].every(ui);
    return records.some((r) => {
      const t = r.target;
      if (!this.articles.some((a) => a.root.contains(t))) {
        // A parent of a root: only a root leaving the document matters.
        return this.articles.some((a) => !a.root.isConnected);
      }
      const el = t instanceof Element ? t : t.parentElement;
      if (el && el.closest('[data-storylink-ui]')) return false;
      return r.type === 'characterData' || !(allUi(r.addedNodes) && allUi(r.removedNodes));
    });
  }

  /**
   * The page changed an article: step back at once (before the next paint, so stale copies of
   * its text are never shown) and re-link when it has been quiet for a moment. A page that undoes
   * three re-links in a row, each within a second, is left alone for good.
   */
  pageChanged() {
    const now = Date.now();
    this.strikes = now - this.relinkedAt < 1000 ? this.strikes + 1 : 0;
    this.teardown();
    if (this.strikes >= 3) {
      dispatchLater(this.doc, 'storylink:error', { message: 'storylink: the page keeps rewriting its articles; storylink stepped back' });
      return;
    }
    this.dead = false;
    this.relink = this.timer(250, () => {
      this.relink = null;
      this.relinkedAt = Date.now();
      this.relinkNow();
    });
  }

  /** Fills `kinds`: which entities to highlight, and how. */
  chooseEntities() {
    const { types, mode } = this.opts;
    const typed = (e) => !types || types.has(e.type);
    const shared = new Set(this.analysis.entities.filter((e) => e.documents.length >= 2 && typed(e)).map((e) => e.id));
    const kinds = new Map([...shared].map((id) => [id, 'shared']));
    if (mode !== 'shared') {
      for (const r of this.analysis.relations) {
        if (r.scope !== 'sentence') continue;
        for (const [a, b] of [[r.source, r.target], [r.target, r.source]]) {
          const e = this.entity(b);
          if (shared.has(a) && !shared.has(b) && e && typed(e)) kinds.set(b, 'connected');
        }
      }
    }
    if (mode === 'all') for (const e of this.analysis.entities) if (typed(e) && !kinds.has(e.id)) kinds.set(e.id, 'single');
    this.kinds = kinds;
  }

  /**
   * Highlights the chosen mentions, article by article: the marks come out of `wrap()` with
   * every attribute already set (their number, and on each mention's first mark the keyboard
   * stop's), so nothing is read or written on the page here after they are inserted.
   */
  highlight() {
    this.analysis.documents.forEach((doc, ai) => {
      const article = this.articles[ai];
      if (!article) return;
      const chosen = doc.mentions.filter((m) => this.kinds.has(m.entity));
      const tag = { next: this.hits.length, focusable: notInteractive };
      const marks = this.undo.wrap(this.doc, article.map,
        chosen.map((m) => ({ start: m.start, end: m.end, entity: m.entity, kind: this.kinds.get(m.entity) })), tag);
      tag.made.forEach((k, j) => {
        const m = chosen[k];
        const idx = this.hits.length;
        if (!this.byEntity.has(m.entity)) this.byEntity.set(m.entity, []);
        this.byEntity.get(m.entity).push(idx);
        this.hits.push({ article: ai, entity: m.entity, start: m.start, end: m.end, marks: marks[k], focusable: tag.focus[j] });
      });
    });
    this.hits.forEach((h, i) => this.articles[h.article]?.hits.push(i));
  }

  adoptPageSheet() {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(PAGE);
    const owners = [this.doc];
    for (const a of this.articles) {
      const r = a.root.getRootNode();
      if (r instanceof ShadowRoot && !owners.includes(r)) owners.push(r);
    }
    for (const o of owners) o.adoptedStyleSheets = [...o.adoptedStyleSheets, sheet];
    this.sheetOwners = owners;
    this.sheet = sheet;
  }

  /** Removes everything the widget added. Safe to call twice. */
  teardown() {
    if (this.dead) return;
    this.dead = true;
    this.observer?.disconnect();
    clearTimeout(this.relink);
    this.hide(false);
    this.clearTimers();
    if (this.flash) {
      clearTimeout(this.flash[0]);
      this.flash[1].removeAttribute('data-storylink-flash');
    }
    for (const [t, kind, f, capture] of this.listeners) t.removeEventListener(kind, f, capture);
    this.card?.host.remove();
    for (const e of this.extras) e.remove();
    this.undo.undo();
    for (const o of this.sheetOwners) o.adoptedStyleSheets = o.adoptedStyleSheets.filter((s) => s !== this.sheet);
    const { relinkedAt, strikes } = this;
    this.reset();
    this.dead = true;
    Object.assign(this, { relinkedAt, strikes });
  }

  clearTimers() {
    clearTimeout(this.openTimer);
    clearTimeout(this.closeTimer);
    this.openTimer = this.closeTimer = null;
  }

  /** The hit a mark (or anything inside one) belongs to, or -1. */
  hitOf(target) {
    const el = target instanceof Element ? target : target?.parentElement;
    const mark = el?.closest('mark[data-storylink-mention]');
    if (!mark) return -1;
    const i = Number(mark.getAttribute('data-storylink-mention'));
    return this.hits[i]?.marks.includes(mark) ? i : -1;
  }

  /** Opens (or moves) the card to a hit. */
  show(hit, trigger) {
    if (this.dead || !(hit >= 0 && hit < this.hits.length)) return;
    this.clearTimers();
    const open = this.open;
    const sameEntity = !!open && this.hits[open.hit].entity === this.hits[hit].entity;
    if (open && open.hit === hit) {
      if (trigger !== 'hover') this.open = { hit, trigger };
      return;
    }
    this.setActive(false);
    // A card opened by keyboard or click stays "pinned" while it moves between mentions.
    if (open && trigger === 'api' && sameEntity) trigger = open.trigger;
    this.open = { hit, trigger };
    this.setActive(true);
    renderCard(this, null);
    if (!sameEntity) this.dispatchCardEvent('storylink:open', hit, trigger);
  }

  /** Closes the card; with `refocus`, focus goes back to the mention it belongs to. */
  hide(refocus) {
    this.clearTimers();
    const open = this.open;
    if (!open) return;
    this.setActive(false);
    this.open = null;
    this.card?.host.remove();
    if (refocus) this.focusHit(open.hit);
    this.dispatchCardEvent('storylink:close', open.hit, open.trigger);
  }

  dispatchCardEvent(name, hit, trigger) {
    const h = this.hits[hit];
    const e = h && this.entity(h.entity);
    if (e) dispatchLater(this.doc, name, { entity: e.id, name: e.name, type: e.type, article: this.articles[h.article].id, trigger });
  }

  /** Marks (or unmarks) every mention of the open entity, and `aria-expanded` on the anchor. */
  setActive(on) {
    if (!this.open) return;
    const h = this.hits[this.open.hit];
    for (const i of this.byEntity.get(h.entity) || []) {
      for (const m of this.hits[i].marks) m.toggleAttribute('data-storylink-active', on);
    }
    const m = h.marks[0];
    if (m?.hasAttribute('aria-expanded')) m.setAttribute('aria-expanded', String(on));
  }

  /** Focuses a hit's mark (making it its article's tab stop). */
  focusHit(hit) {
    const h = this.hits[hit];
    if (!h || !h.focusable) return;
    this.rove(hit);
    h.marks[0]?.focus();
  }

  /** Makes `hit` the one tab stop of its article. */
  rove(hit) {
    const h = this.hits[hit];
    if (!h) return;
    for (const i of this.articles[h.article].hits) {
      const hh = this.hits[i];
      if (hh.focusable) hh.marks[0]?.setAttribute('tabindex', i === hit ? '0' : '-1');
    }
  }

  /** Scrolls a hit into view, focuses it and marks it briefly; the card follows it. */
  jump(hit, focus) {
    const mark = this.hits[hit]?.marks[0];
    if (!mark) return;
    mark.scrollIntoView({ block: 'center', behavior: this.reducedMotion() ? 'instant' : 'smooth' });
    if (focus) this.focusHit(hit);
    if (this.flash) {
      clearTimeout(this.flash[0]);
      this.flash[1].removeAttribute('data-storylink-flash');
    }
    mark.setAttribute('data-storylink-flash', '');
    this.flash = [this.timer(1700, () => {
      mark.removeAttribute('data-storylink-flash');
      this.flash = null;
    }), mark];
    if (this.open) this.show(hit, 'api');
  }

  reducedMotion() {
    return !!this.win.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  }

  scheduleOpen(hit) {
    clearTimeout(this.openTimer);
    this.openTimer = this.timer(this.opts.hoverDelay, () => {
      this.openTimer = null;
      this.show(hit, 'hover');
    });
  }

  scheduleClose() {
    clearTimeout(this.closeTimer);
    this.closeTimer = this.timer(this.opts.closeDelay, () => {
      this.closeTimer = null;
      if (!this.card?.hasFocus()) this.hide(false);
    });
  }

  /** Adds the page listeners: per article root, document and window. */
  listen() {
    for (const a of this.articles) {
      this.on(a.root, 'pointerover', false, pointerOver);
      this.on(a.root, 'pointerout', false, pointerOut);
      this.on(a.root, 'focusin', false, focusIn);
      this.on(a.root, 'focusout', false, focusOut);
      this.on(a.root, 'keydown', false, keyDown);
      this.on(a.root, 'click', false, click);
    }
    this.on(this.doc, 'pointerdown', true, pointerDownAnywhere);
    this.on(this.doc, 'keydown', false, escapeAnywhere);
    this.on(this.win, 'scroll', true, reposition);
    this.on(this.win, 'resize', false, reposition);
  }

  /** Adds the card's listeners (once, when the card is first built). */
  listenCard() {
    const { host, shadow } = this.card;
    this.on(host, 'pointerenter', false, (w) => {
      clearTimeout(w.closeTimer);
      w.closeTimer = null;
    });
    this.on(host, 'pointerleave', false, (w, ev) => {
      if (ev.pointerType !== 'touch' && w.open?.trigger === 'hover') w.scheduleClose();
    });
    this.on(shadow, 'click', false, cardClick);
    this.on(shadow, 'focusout', false, cardFocusOut);
    this.on(shadow, 'keydown', false, (w, ev) => {
      if (ev.key === 'Escape' && w.open) {
        ev.preventDefault();
        ev.stopPropagation();
        w.hide(true);
      }
    });
  }
}

// ---- Event handlers: (widget, event) ----

function pointerOver(w, ev) {
  if (ev.pointerType === 'touch') return;
  const hit = w.hitOf(ev.target);
  if (hit < 0) return;
  if (w.open && w.hits[w.open.hit].entity === w.hits[hit].entity) {
    w.clearTimers();
    return;
  }
  w.scheduleOpen(hit);
}

function pointerOut(w, ev) {
  if (ev.pointerType === 'touch') return;
  const hit = w.hitOf(ev.target);
  if (hit < 0 || (ev.relatedTarget && w.hitOf(ev.relatedTarget) === hit)) return;
  if ((w.open && w.hits[w.open.hit].entity === w.hits[hit].entity) || w.openTimer !== null) {
    clearTimeout(w.openTimer);
    w.openTimer = null;
    if (w.open?.trigger === 'hover') w.scheduleClose();
  }
}

function focusIn(w, ev) {
  const hit = w.hitOf(ev.target);
  if (hit < 0) return;
  w.rove(hit);
  w.show(hit, 'focus');
}

function inCard(w, t) {
  return !!w.card && t instanceof Node && (w.card.host.contains(t) || w.card.shadow.contains(t));
}

function focusOut(w, ev) {
  if (w.hitOf(ev.target) < 0 || w.open?.trigger !== 'focus') return;
  const r = ev.relatedTarget;
  if (r && (inCard(w, r) || w.hitOf(r) >= 0)) return;
  w.hide(false);
}

/** The next focusable hit in the same article, `step` = +1 or -1; -1 at the ends. */
function neighbour(w, hit, step, toEnd) {
  const list = w.articles[w.hits[hit].article].hits.filter((i) => w.hits[i].focusable);
  if (toEnd) return list.length ? list[step > 0 ? list.length - 1 : 0] : -1;
  const pos = list.indexOf(hit);
  return pos < 0 ? -1 : list[pos + step] ?? -1;
}

function keyDown(w, ev) {
  if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
  const hit = w.hitOf(ev.target);
  if (hit < 0) return;
  let next;
  switch (ev.key) {
    case 'ArrowRight': case 'ArrowDown': next = neighbour(w, hit, 1, false); break;
    case 'ArrowLeft': case 'ArrowUp': next = neighbour(w, hit, -1, false); break;
    case 'Home': next = neighbour(w, hit, -1, true); break;
    case 'End': next = neighbour(w, hit, 1, true); break;
    case 'Enter': case ' ':
      ev.preventDefault();
      w.show(hit, 'click');
      focusAction(w, 'name');
      return;
    default: return;
  }
  ev.preventDefault();
  if (next >= 0) {
    w.focusHit(next);
    w.show(next, 'focus');
  }
}

function click(w, ev) {
  const hit = w.hitOf(ev.target);
  if (hit < 0) return;
  if (w.open?.hit === hit) w.open.trigger = 'click';
  else w.show(hit, 'click');
}

function pointerDownAnywhere(w, ev) {
  if (!w.open) return;
  const anchor = w.hits[w.open.hit].marks;
  if (ev.composedPath().some((t) => t === w.card?.host || anchor.includes(t))) return;
  w.hide(false);
}

function escapeAnywhere(w, ev) {
  if (ev.key !== 'Escape' || !w.open) return;
  const inCardNow = !!w.card?.hasFocus();
  const onMark = w.hitOf(w.doc.activeElement) >= 0;
  ev.preventDefault();
  w.hide(inCardNow || onMark);
}

function reposition(w) {
  if (!w.open) return;
  if (!anchorVisible(w) && !w.card?.hasFocus() && w.open.trigger === 'hover') w.hide(false);
  else position(w);
}

function cardFocusOut(w, ev) {
  const r = ev.relatedTarget;
  if (!r || inCard(w, r) || (w.open && w.hitOf(r) === w.open.hit)) return;
  w.hide(false);
}

function cardClick(w, ev) {
  const t = ev.composedPath()[0];
  const btn = t instanceof Element && t.closest('[data-action]');
  const open = w.open;
  if (!btn || !open) return;
  if (open.trigger === 'hover') open.trigger = 'click';
  const hit = open.hit;
  const action = btn.getAttribute('data-action');
  if (action === 'close') w.hide(true);
  else if (action === 'jump') {
    const h = Number(btn.getAttribute('data-hit'));
    if (h >= 0) w.jump(h, true);
  } else if (action === 'prev' || action === 'next') {
    const list = w.byEntity.get(w.hits[hit].entity);
    if (!list) return;
    const n = list.length;
    const pos = Math.max(0, list.indexOf(hit));
    w.jump(list[action === 'next' ? (pos + 1) % n : (pos + n - 1) % n], false);
    focusAction(w, action);
  } else if (action === 'entity') {
    const first = w.byEntity.get(btn.getAttribute('data-entity'))?.[0];
    if (first === undefined) return;
    w.hide(false);
    w.jump(first, false);
    w.show(first, 'click');
    focusAction(w, 'name');
  } else if (action === 'copy') copyLink(w);
  else if (action === 'off') w.setOff(true, true);
}

/** Ends every attached widget (after a fault): each restores what it changed, as far as it can. */
export function stopAll() {
  for (const w of LIVE) {
    try {
      w.busy = false;
      w.teardown();
    } catch (_) { /* the entry's tag-based restore follows */ }
  }
  LIVE.clear();
}

/**
 * Finds the article roots, analyses them, highlights the entities they share and shows a hover
 * card on each. Returns the handle; `destroy()` restores the page exactly.
 * @param {unknown} options
 */
/** The articles as `link()` reads them: root, id, title and text map of each. */
function readArticles(doc, roots, exclude) {
  if (exclude) {
    try {
      doc.querySelector(exclude);
    } catch (_) {
      throw err(TypeError, `options.exclude ${JSON.stringify(exclude)} is not a valid CSS selector`);
    }
  }
  const used = new Set();
  return roots.map((root, i) => {
    const map = new TextMap(root, exclude);
    const attr = root.getAttribute('data-storylink-article');
    const base = attr && attr.trim() ? attr : root.id || `article-${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { root, id, title: titleOf(root, map), map, hits: [] };
  });
}

/** The `{id, text}` documents `link(options)` would analyse now. */
export function readDocuments(options) {
  const opts = readOptions(options);
  if (typeof document === 'undefined') throw err(Error, 'link() needs a document');
  return readArticles(document, findRoots(document, opts.articles), opts.exclude).map((a) => ({ id: a.id, text: a.map.text }));
}

export function attach(options, pre = null) {
  const opts = readOptions(options);
  if (typeof document === 'undefined') throw err(Error, 'link() needs a document');
  const doc = document;
  const roots = findRoots(doc, opts.articles);
  // Replace widgets that own any of these roots.
  for (const old of [...LIVE]) {
    if (old.articles.some((a) => roots.includes(a.root))) {
      old.teardown();
      LIVE.delete(old);
    }
  }
  const w = new Widget(doc, opts);
  w.pre = pre;
  w.busy = true;
  try {
    w.build(roots);
  } catch (e) {
    w.teardown();
    throw e;
  } finally {
    w.busy = false;
  }
  LIVE.add(w);
  dispatchLater(doc, 'storylink:ready', { articles: w.articles.map((a) => a.id), entities: w.kinds.size, highlighted: w.hits.length });
  const busy = (what) => {
    if (w.busy) throw err(Error, `${what}() cannot run inside a storylink event handler`);
  };
  return {
    destroy() {
      if (w.busy) queueMicrotask(() => this.destroy());
      else w.teardown();
      LIVE.delete(w);
    },
    refresh() {
      busy('refresh');
      if (w.dead) throw err(Error, 'refresh() after destroy()');
      w.busy = true;
      try {
        w.relinkNow();
      } finally {
        w.busy = false;
      }
    },
    open(entityId) {
      const hit = w.byEntity.get(String(entityId))?.[0];
      if (w.busy || hit === undefined) return false;
      w.run(() => w.show(hit, 'api'));
      return true;
    },
    close() {
      w.run(() => w.hide(false));
    },
    get analysis() {
      return w.analysis;
    },
    get articles() {
      return w.articles.map((a) => a.id);
    },
    get destroyed() {
      return w.dead;
    },
    get off() {
      return w.off;
    },
    setOff(off) {
      busy('setOff');
      if (w.dead) throw err(Error, 'setOff() after destroy()');
      w.run(() => w.setOff(!!off, false));
    },
  };
}
