// The hover card: built from DOM nodes and `textContent` only, in an open shadow root styled by
// constructable stylesheets, placed so that it never leaves the viewport.
//
// Markup hooks: the host carries `data-storylink-card`; inside, each article that mentions the
// entity is an element with `data-storylink-story="<article id>"` and each related entity one
// with `data-storylink-related="<entity id>"`. Buttons carry `data-action`.
import { BASE, CARD } from './style.js';

/** Constructable stylesheets from CSS texts, for `adoptedStyleSheets`. */
export function sheets(...css) {
  return css.map((c) => {
    const s = new CSSStyleSheet();
    s.replaceSync(c);
    return s;
  });
}

/** `<tag class="…">text</tag>`. */
export function el(doc, tag, cls = '', text = '') {
  const e = doc.createElement(tag);
  if (cls) e.setAttribute('class', cls);
  if (text) e.textContent = text;
  return e;
}

/** A new element under `parent` (see `el`). */
export function add(parent, tag, cls, text) {
  return parent.appendChild(el(parent.ownerDocument, tag, cls, text));
}

const LABELS = { PERSON: 'Person', ORG: 'Organisation', PLACE: 'Place', LAW: 'Law', MISC: 'Name' };
/** A human label for an entity type. */
export const kindLabel = (t) => LABELS[t] || 'Name';

export const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

const KIND_RANK = { PERSON: 0, ORG: 1, LAW: 2, PLACE: 3, MISC: 4 };
const rank = (e) => KIND_RANK[e.type] ?? 4;

function button(parent, cls, text, action) {
  const b = add(parent, 'button', cls, text);
  b.setAttribute('type', 'button');
  b.setAttribute('data-action', action);
  return b;
}

/** The card's host element, its shadow root and the card box inside it. */
export class Card {
  /** @param {Document} doc */
  constructor(doc) {
    this.host = el(doc, 'div');
    this.host.setAttribute('data-storylink-card', '');
    this.host.setAttribute('data-storylink-ui', '');
    this.shadow = this.host.attachShadow({ mode: 'open' });
    this.shadow.adoptedStyleSheets = sheets(BASE, CARD);
    this.card = add(this.shadow, 'div', 'card box');
    this.card.setAttribute('role', 'dialog');
  }

  /** Whether focus is inside the card. */
  hasFocus() {
    return this.host.ownerDocument.activeElement === this.host;
  }
}

/**
 * Renders the card for the open hit and places it; `focus` names a `data-action` to focus after.
 * @param {import('./widget.js').Widget} w
 */
export function renderCard(w, focus) {
  if (!w.open) return;
  const hit = w.open.hit;
  if (!w.card) {
    w.card = new Card(w.doc);
    w.listenCard();
  }
  const c = w.card;
  const card = c.card;
  while (card.firstChild) card.removeChild(card.firstChild);
  const h = w.hits[hit];
  const e = w.entity(h.entity);
  if (!e) return;
  const kind = w.kinds.get(e.id) || 'single';
  card.setAttribute('aria-label', `${e.name} (${kindLabel(e.type)})`);
  card.setAttribute('data-entity', e.id);

  // Head: name, chips, close button.
  const head = add(card, 'div', 'head');
  const title = add(head, 'div', 'title');
  const name = add(title, 'span', 'name', e.name);
  name.setAttribute('tabindex', '-1');
  name.setAttribute('data-action', 'name');
  const meta = add(title, 'div', 'meta');
  add(meta, 'span', 'chip', kindLabel(e.type));
  add(meta, 'span', 'chip count', plural(e.documents.length, 'article', 'articles'));
  if (kind === 'connected') add(meta, 'span', 'chip kind-connected', 'connected');
  const close = button(head, 'close', '×', 'close');
  close.setAttribute('aria-label', 'Close');
  close.setAttribute('title', 'Close (Esc)');

  roles(w, e, card);
  stories(w, e, card);
  nav(w, e, hit, card);
  related(w, e, card);
  why(e, card);

  const foot = add(card, 'div', 'foot');
  button(foot, 'link', 'Copy link to this mention', 'copy');
  add(foot, 'span', 'status').setAttribute('role', 'status');
  button(foot, 'link off', 'Hide highlights', 'off').setAttribute('title', 'Turn storylink off on this site');

  if (!c.host.isConnected) w.doc.body?.appendChild(c.host);
  position(w);
  if (focus) focusAction(w, focus);
}

/** Focuses the element with `data-action="…"` inside the card. */
export function focusAction(w, action) {
  w.card?.shadow.querySelector(`[data-action="${action}"]`)?.focus();
}

function section(card, cls, label) {
  const s = add(card, 'div', `section ${cls}`);
  add(s, 'div', 'label', label);
  return add(s, 'ul');
}

// Role words that say nothing about the role itself (plural -s is dropped too).
const STOP = new Set(['the', 'a', 'an', 'of', 'for', 'and', 'in', 'at', 'to', 'on', 'with', 'its', 'his', 'her', 'their',
  'former', 'then', 'now', 'current', 'ex']);
const words = (t) => t.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((x) => x.length > 1 && !STOP.has(x))
  .map((x) => (x.length > 3 ? x.replace(/s$/, '') : x));

/** Whether two articles describe the entity in roles that share no content word. */
export function rolesDiffer(list) {
  const byDoc = new Map();
  for (const r of list) {
    const d = r.evidence.doc;
    if (!byDoc.has(d)) byDoc.set(d, new Set());
    for (const x of words(r.text)) byDoc.get(d).add(x);
  }
  const sets = [...byDoc.values()].filter((s) => s.size);
  return sets.some((a, i) => sets.slice(i + 1).some((b) => ![...a].some((x) => b.has(x))));
}

function roles(w, e, card) {
  if (!e.roles.length) return;
  const ul = section(card, 'roles', 'Described as');
  if (rolesDiffer(e.roles)) {
    // "Described as — ≠ articles differ": the dash for screen readers, the sign for the eye.
    const label = ul.previousSibling;
    label.append(' — ');
    const note = add(label, 'span', 'chip differ');
    add(note, 'span', '', '≠ ').setAttribute('aria-hidden', 'true');
    note.append('articles differ');
    note.setAttribute('title', 'The articles describe this entity in words that have nothing in common');
  }
  for (const r of e.roles.slice(0, 5)) {
    const li = add(ul, 'li', '', r.text);
    if (w.articles.length > 1) add(li, 'span', 'src', ` — ${w.titleOf(r.evidence.doc)}`);
  }
}

function stories(w, e, card) {
  const ul = section(card, 'stories', `In ${plural(e.documents.length, 'article', 'articles')}`);
  for (const d of e.documents) {
    const ai = w.articles.findIndex((a) => a.id === d);
    if (ai < 0) continue;
    const a = w.articles[ai];
    const li = add(ul, 'li');
    li.setAttribute('data-storylink-story', a.id);
    const row = add(li, 'div', 'story');
    const mine = a.hits.filter((i) => w.hits[i].entity === e.id);
    if (mine.length) {
      const b = button(row, 'story-title link', a.title, 'jump');
      b.setAttribute('data-hit', String(mine[0]));
      b.setAttribute('aria-label', `${a.title} — go to the first mention`);
    } else {
      add(row, 'span', 'story-title', a.title);
    }
    add(row, 'span', 'jump muted', plural(Math.max(mine.length, 1), 'mention', 'mentions'));
    // The sentence of the first mention in this article.
    const m = w.analysis.documents[ai]?.mentions.find((m) => m.entity === e.id);
    if (m) {
      const [pre, mid, post] = a.map.sentence(m.start, m.end, 220);
      const q = add(li, 'span', 'quote');
      q.append(pre);
      add(q, 'b', '', mid);
      q.append(post);
    }
  }
}

function nav(w, e, hit, card) {
  const list = w.byEntity.get(e.id);
  if (!list || list.length < 2) return;
  const pos = Math.max(0, list.indexOf(hit));
  const n = add(card, 'div', 'nav');
  button(n, '', '‹', 'prev').setAttribute('aria-label', 'Previous mention');
  add(n, 'span', 'pos', `${pos + 1} of ${list.length} · ${w.articles[w.hits[hit].article].title}`)
    .setAttribute('aria-live', 'polite');
  button(n, '', '›', 'next').setAttribute('aria-label', 'Next mention');
}

/** `s` cut at a word boundary to about `max` chars, with an ellipsis. */
function clipWords(s, max) {
  const chars = Array.from(s);
  if (chars.length <= max) return s;
  let cut = chars.slice(0, max).join('');
  const sp = cut.lastIndexOf(' ');
  if (sp >= 0) cut = cut.slice(0, sp);
  return `${cut.replace(/[,;:]+$/, '')}…`;
}

/**
 * Related entities: those a sentence links to this one (with that sentence), people first, then
 * the others the articles mention alongside it, as a compact row (entities shared by the articles
 * first).
 */
function related(w, e, card) {
  const rows = [];
  for (const r of w.analysis.relations) {
    if (r.source !== e.id && r.target !== e.id) continue;
    const o = w.entity(r.source === e.id ? r.target : r.source);
    if (!o || rows.some(([x]) => x.id === o.id)) continue;
    rows.push([o, r]);
  }
  if (!rows.length) return;
  const lit = (o) => (w.byEntity.has(o.id) ? 0 : 1);
  let close = rows.filter(([, r]) => r.scope === 'sentence');
  const loose = rows.filter(([, r]) => r.scope !== 'sentence');
  close.sort(([a, ra], [b, rb]) => rank(a) - rank(b) || b.documents.length - a.documents.length || lit(a) - lit(b)
    || rb.strength - ra.strength);
  loose.push(...close.slice(5));
  close = close.slice(0, 5);
  loose.sort(([a], [b]) => b.documents.length - a.documents.length || lit(a) - lit(b) || rank(a) - rank(b));
  const ul = section(card, 'related', 'Connected to');
  const entityButton = (parent, o, cls) => {
    if (!w.byEntity.has(o.id)) return add(parent, 'span', cls, o.name);
    button(parent, cls, o.name, 'entity').setAttribute('data-entity', o.id);
  };
  const quoted = [];
  for (const [o, r] of close) {
    const li = add(ul, 'li');
    li.setAttribute('data-storylink-related', o.id);
    const row = add(li, 'div', 'story');
    entityButton(row, o, 'rel link');
    add(row, 'span', 'jump muted', kindLabel(o.type));
    const ev = r.evidence[0];
    if (ev) {
      if (quoted.includes(ev.text)) add(li, 'span', 'quote', '(the same sentence)');
      else {
        quoted.push(ev.text);
        add(li, 'span', 'quote', clipWords(ev.text, 170));
      }
    }
  }
  if (loose.length) {
    const li = add(ul, 'li', 'also');
    add(li, 'span', 'muted', close.length ? 'Also in the same articles: ' : 'In the same articles: ');
    const shown = loose.slice(0, 10);
    shown.forEach(([o], i) => {
      const item = add(li, 'span');
      item.setAttribute('data-storylink-related', o.id);
      entityButton(item, o, 'link');
      if (i + 1 < shown.length) item.append(', ');
    });
  }
}

function why(e, card) {
  const lines = e.reasons.slice(0, 6).map((r) => (r.alias === r.target ? `“${r.alias}”: ${r.why}` : `${r.alias} = ${r.target}: ${r.why}`));
  if (!lines.length && e.documents.length > 1) {
    const forms = e.aliases.slice(0, 4);
    lines.push(forms.length > 1
      ? `Same entity under the names ${forms.join(', ')}`
      : `The same name “${e.name}” appears in ${plural(e.documents.length, 'article', 'articles')}`);
  }
  if (!lines.length) return;
  const d = add(card, 'details', 'section why');
  add(d, 'summary', '', 'Why these mentions are linked');
  const ul = add(d, 'ul');
  for (const l of lines) add(ul, 'li', '', l);
}

/** A CSS pixel length, rounded to whole pixels. */
const px = (v) => `${Math.round(v)}px`;

/**
 * Places the card next to its mention, inside the viewport: below if it fits, else above, else
 * on the roomier side with a capped height; shifted horizontally to stay on screen.
 */
export function position(w) {
  const c = w.card;
  const mark = w.open && w.hits[w.open.hit].marks[0];
  if (!c || !mark) return;
  const r = mark.getClientRects()[0] || mark.getBoundingClientRect();
  const vw = w.doc.documentElement?.clientWidth || w.win.innerWidth || 1024;
  const vh = w.win.innerHeight || 768;
  const st = c.card.style;
  const gap = 6;
  const margin = 8;
  st.setProperty('max-height', px(Math.max(vh - 2 * margin, 80)));
  const size = c.card.getBoundingClientRect();
  const below = vh - r.bottom - gap - margin;
  const above = r.top - gap - margin;
  let top;
  let placement;
  if (size.height <= below || (below >= above && below >= 120)) {
    const space = Math.max(below, 80);
    if (size.height > space) st.setProperty('max-height', px(space));
    top = r.bottom + gap;
    placement = 'bottom';
  } else {
    const space = Math.max(above, 80);
    let h = size.height;
    if (h > space) {
      st.setProperty('max-height', px(space));
      h = space;
    }
    top = r.top - gap - h;
    placement = 'top';
  }
  top = Math.min(Math.max(top, margin), Math.max(vh - margin - 80, margin));
  const left = Math.max(Math.min(r.left, vw - size.width - margin), margin);
  c.host.style.setProperty('--storylink-internal-top', px(top));
  c.host.style.setProperty('--storylink-internal-left', px(left));
  c.card.setAttribute('data-placement', placement);
}

/** Whether any part of the open mention is inside the viewport. */
export function anchorVisible(w) {
  const mark = w.open && w.hits[w.open.hit].marks[0];
  if (!mark) return false;
  const r = mark.getBoundingClientRect();
  return r.bottom > 0 && r.top < (w.win.innerHeight || 768);
}

/** Copies a text-fragment link (`#:~:text=prefix-,mention,-suffix`) to the open mention. */
export function copyLink(w) {
  if (!w.open || !w.card) return;
  const h = w.hits[w.open.hit];
  const map = w.articles[h.article].map;
  const [pre, post] = map.context(h.start, h.end, 3);
  const enc = (s) => encodeURIComponent(s).replace(/-/g, '%2D');
  const url = `${String(w.doc.location?.href || '').split('#')[0]}#:~:text=${pre ? `${enc(pre)}-,` : ''}${enc(map.text.slice(h.start, h.end))}${post ? `,-${enc(post)}` : ''}`;
  w.card.card.setAttribute('data-link', url);
  const status = w.card.shadow.querySelector('.status');
  let p = null;
  try {
    p = w.win.navigator.clipboard?.writeText(url);
  } catch (_) { /* no clipboard: show the link instead */ }
  if (!status) return;
  if (p && typeof p.then === 'function') {
    status.textContent = 'Copying…';
    p.then(() => { status.textContent = 'Link copied'; }, () => { status.textContent = url; });
  } else {
    status.textContent = url;
  }
}
