// The entity index (a legend that is also a keyboard and screen-reader route to every card) and
// the SVG link map of articles and the entities they share. Each lives in its own open shadow
// root, in a container the page chooses (`index`/`map` options, or `[data-storylink-index]` /
// `[data-storylink-map]`), and is removed on destroy.
import { BASE, INDEX } from './style.js';
import { add, el, kindLabel, plural, sheets } from './card.js';

const SVG = 'http://www.w3.org/2000/svg';

/** The container an `index`/`map` option names: `undefined` (auto), `null` (none), selector, element. */
function container(w, t, dflt) {
  if (t === null) return null;
  if (t instanceof Element) return t;
  try {
    return w.doc.querySelector(t === undefined ? dflt : t);
  } catch (_) {
    return null;
  }
}

const LIST_RANK = { shared: 0, connected: 1 };

/** Entities to list: highlighted ones, shared first, by number of articles then mentions. */
function listed(w) {
  return w.analysis.entities
    .filter((e) => w.kinds.has(e.id) && w.byEntity.has(e.id))
    .map((e) => [e, w.kinds.get(e.id)])
    .sort(([a, ka], [b, kb]) => (LIST_RANK[ka] ?? 2) - (LIST_RANK[kb] ?? 2)
      || b.documents.length - a.documents.length || w.byEntity.get(b.id).length - w.byEntity.get(a.id).length);
}

function host(w, parent, attr) {
  const h = el(w.doc, 'div');
  h.setAttribute(attr, '');
  h.setAttribute('data-storylink-ui', '');
  const shadow = h.attachShadow({ mode: 'open' });
  shadow.adoptedStyleSheets = sheets(BASE, INDEX);
  parent.appendChild(h);
  w.extras.push(h);
  return shadow;
}

/**
 * Renders the index and the map where the page asked for them.
 * @param {import('./widget.js').Widget} w
 */
export function renderIndex(w) {
  const i = container(w, w.opts.index, '[data-storylink-index]');
  if (i) (w.off ? offNotice : index)(w, i);
  if (w.off) return;
  const m = container(w, w.opts.map, '[data-storylink-map]');
  if (m) map(w, m);
}

/** Where the reader turned storylink off: a line saying so and a button to turn it back on. */
function offNotice(w, parent) {
  const shadow = host(w, parent, 'data-storylink-index-host');
  const region = add(shadow, 'section', 'box off');
  region.setAttribute('aria-label', 'storylink');
  add(region, 'span', 'muted', 'Highlights of shared names are hidden on this site. ');
  offButton(region, 'Show highlights', 'on');
  w.on(shadow, 'click', false, indexClick);
}

function offButton(parent, text, action) {
  const b = add(parent, 'button', 'link', text);
  b.setAttribute('type', 'button');
  b.setAttribute('data-action', action);
  return b;
}

function index(w, parent) {
  const shadow = host(w, parent, 'data-storylink-index-host');
  const rows = listed(w);
  const shared = rows.filter(([, k]) => k === 'shared').length;
  const region = el(w.doc, 'section');
  region.setAttribute('aria-label', 'Entities in these articles');
  const details = add(region, 'details', 'box');
  add(details, 'summary', '', `Entities in these articles: ${shared} shared${rows.length > shared ? `, ${rows.length - shared} more` : ''}`);
  const key = add(details, 'div', 'key');
  add(key, 'span', 'ent', 'solid: in several articles');
  add(key, 'span', 'ent connected', 'dashed: connected to a shared entity');
  if (rows.some(([, k]) => k === 'single')) add(key, 'span', 'ent single', 'dotted: one article');
  offButton(key, 'Hide highlights', 'off').setAttribute('title', 'Turn storylink off on this site');
  const table = add(add(details, 'div', 'scroll'), 'table');
  const tr = add(add(table, 'thead'), 'tr');
  for (const t of ['Entity', 'Type', ...w.articles.map((a) => a.title)]) add(tr, 'th', '', t).setAttribute('scope', 'col');
  const tbody = add(table, 'tbody');
  for (const [e, kind] of rows) {
    const tr = add(tbody, 'tr');
    tr.setAttribute('data-storylink-index-entity', e.id);
    const th = add(tr, 'th');
    th.setAttribute('scope', 'row');
    const b = add(th, 'button', `ent ${kind}`, e.name);
    b.setAttribute('type', 'button');
    b.setAttribute('data-entity', e.id);
    add(tr, 'td', 'muted', kindLabel(e.type));
    for (const a of w.articles) {
      const td = add(tr, 'td', 'n');
      const hits = a.hits.filter((i) => w.hits[i].entity === e.id);
      if (hits.length) {
        const b = add(td, 'button', 'link', String(hits.length));
        b.setAttribute('type', 'button');
        b.setAttribute('data-hit', String(hits[0]));
        b.setAttribute('aria-label', `${e.name}: ${plural(hits.length, 'mention', 'mentions')} in ${a.title}, go to the first`);
      } else {
        td.setAttribute('aria-label', 'none');
        td.textContent = '–';
      }
    }
  }
  shadow.appendChild(region);
  w.on(shadow, 'click', false, indexClick);
}

function indexClick(w, ev) {
  const t = ev.composedPath()[0];
  const act = t instanceof Element && t.closest('[data-action]')?.getAttribute('data-action');
  if (act === 'off' || act === 'on') {
    w.setOff(act === 'off', true);
    return;
  }
  const b = t instanceof Element && t.closest('[data-hit], [data-entity]');
  if (!b) return;
  const h = b.getAttribute('data-hit');
  const hit = h !== null ? Number(h) : w.byEntity.get(b.getAttribute('data-entity'))?.[0];
  if (hit === undefined || !(hit >= 0)) return;
  w.hide(false);
  w.jump(hit, true);
  w.show(hit, 'click');
}

function svg(w, parent, tag, attrs = {}) {
  const e = w.doc.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (parent) parent.appendChild(e);
  return e;
}

function clip(s, n) {
  const chars = Array.from(s);
  return chars.length <= n ? s : `${chars.slice(0, Math.max(n - 1, 0)).join('')}…`;
}

/** An SVG coordinate, rounded to whole units. */
const num = Math.round;

function map(w, parent) {
  const shadow = host(w, parent, 'data-storylink-map-host');
  const rows = listed(w).filter(([, k]) => k === 'shared').slice(0, 24);
  const na = Math.max(w.articles.length, 1);
  const width = 640;
  const perRow = 4;
  const height = 70 + Math.max(Math.ceil(rows.length / perRow), 1) * 54 + 10;
  const label = 'Link map: articles and the entities they share';
  const root = svg(w, null, 'svg', { viewBox: `0 0 ${width} ${height}`, role: 'group', 'aria-label': label });
  svg(w, root, 'title').textContent = label;
  // Articles along the top.
  const aw = (width - 20) / na;
  const acenter = w.articles.map((a, i) => {
    const x = 10 + i * aw;
    const g = svg(w, root, 'g', { class: 'article' });
    svg(w, g, 'rect', { x: num(x + 4), y: 8, width: num(aw - 8), height: 34, rx: 6 });
    svg(w, g, 'text', { x: num(x + aw / 2), y: 30, 'text-anchor': 'middle' }).textContent = clip(a.title, Math.max(Math.floor((aw - 16) / 7), 0));
    return x + aw / 2;
  });
  // Edges first (under the nodes), then entity nodes in a grid.
  const cw = (width - 20) / perRow;
  const nodes = rows.map(([e, kind], k) => {
    const row = Math.floor(k / perRow);
    const col = k % perRow;
    const inRow = Math.min(rows.length - row * perRow, perRow);
    const cx = 10 + (perRow - inRow) * cw / 2 + col * cw + cw / 2;
    const cy = 86 + row * 54;
    w.articles.forEach((a, ai) => {
      if (a.hits.some((i) => w.hits[i].entity === e.id)) {
        svg(w, root, 'line', { class: 'edge', x1: num(acenter[ai]), y1: 42, x2: num(cx), y2: num(cy - 7) });
      }
    });
    const g = svg(w, null, 'g', { class: `node ${kind}`, tabindex: 0, role: 'button', 'data-entity': e.id,
      'aria-label': `${e.name} (${kindLabel(e.type)}), in ${e.documents.length} articles: open card` });
    svg(w, g, 'circle', { cx: num(cx), cy: num(cy), r: 7 });
    svg(w, g, 'text', { x: num(cx), y: num(cy + 22), 'text-anchor': 'middle' }).textContent = clip(e.name, 22);
    return g;
  });
  root.append(...nodes);
  add(shadow, 'div', 'box').appendChild(root);
  w.on(shadow, 'click', false, indexClick);
  w.on(shadow, 'keydown', false, (w, ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      indexClick(w, ev);
    }
  });
}
