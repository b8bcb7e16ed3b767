// The text of an article root as one string, the map from its UTF-16 offsets back to text nodes,
// and the exact, undoable wrapping of mention ranges in `<mark>`s.
//
// Like mark.js's `getTextNodes`, but block-aware: block elements and `<br>` become a "\n" in the
// text (a virtual separator, mapped to no node), so headlines and paragraphs never run together;
// line breaks and tabs inside a text node become spaces (same length, so offsets stay 1:1).
// Skipped: `script`, `style`, `noscript`, `template`, `textarea`, `input`, `select`, `button`,
// `[contenteditable]`, `[hidden]`, `[data-storylink-ignore]`, storylink's own UI and the
// `exclude` selector.

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'INPUT', 'SELECT', 'BUTTON', 'OPTION',
  'IFRAME', 'OBJECT', 'SVG', 'MATH', 'CANVAS', 'VIDEO', 'AUDIO']);

const BLOCK = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BR', 'DD', 'DETAILS', 'DIALOG', 'DIV', 'DL', 'DT',
  'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'SUMMARY', 'TABLE',
  'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'CAPTION']);

/** Lone surrogates become U+FFFD (one code unit, so offsets do not move). */
const wellFormed = (s) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

/**
 * Whether an element's subtree is left out of the text.
 * @param {Element} el
 * @param {string|null} exclude a CSS selector
 */
export function skipped(el, exclude) {
  if (SKIP.has(el.tagName.toUpperCase())) return true;
  if (el.hasAttribute('data-storylink-ignore') || el.hasAttribute('data-storylink-ui') || el.hasAttribute('hidden')) return true;
  const ce = el.getAttribute('contenteditable');
  if (ce !== null && ce.toLowerCase() !== 'false') return true;
  return !!exclude && el.matches(exclude);
}

/**
 * The article text (`text`, UTF-16 offsets index it) and its segments `{node, start, len}` in
 * document order.
 */
export class TextMap {
  /**
   * Reads the text under `root`, skipping what the module docs list and `exclude`.
   * @param {Element} root
   * @param {string|null} exclude
   */
  constructor(root, exclude) {
    /** @type {{node: Text, start: number, len: number}[]} */
    this.segs = [];
    /** @type {string[]} */
    this.parts = [];
    this.length = 0;
    this.walk(root, exclude);
    let text = this.parts.join('');
    // Trim a trailing virtual separator: offsets past the last node never matter.
    const last = this.segs[this.segs.length - 1];
    while (text.endsWith('\n') && (!last || last.start + last.len < text.length)) text = text.slice(0, -1);
    /** The article text; lone surrogates replaced, so the analysis accepts it. */
    this.text = wellFormed(text);
  }

  separator() {
    if (this.length && this.parts[this.parts.length - 1].slice(-1) !== '\n') {
      this.parts.push('\n');
      this.length += 1;
    }
  }

  walk(node, exclude) {
    for (let c = node.firstChild; c; c = c.nextSibling) {
      if (c.nodeType === 3) {
        const clean = c.data.replace(/[\n\r\t]/g, ' ');
        if (clean.length) {
          this.segs.push({ node: c, start: this.length, len: clean.length });
          this.parts.push(clean);
          this.length += clean.length;
        }
      } else if (c.nodeType === 1 && !skipped(c, exclude)) {
        const block = BLOCK.has(c.tagName.toUpperCase());
        if (block) this.separator();
        this.walk(c, exclude);
        if (block) this.separator();
      }
    }
  }

  /**
   * The pieces of `[start, end)`, one per text node it touches: `{seg, from, to}` in node offsets.
   */
  pieces(start, end) {
    const out = [];
    if (start >= end) return out;
    // First segment whose end is past `start` (binary search).
    let lo = 0;
    let hi = this.segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = this.segs[mid];
      if (s.start + s.len <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.segs.length && this.segs[i].start < end; i++) {
      const s = this.segs[i];
      const from = Math.max(start, s.start) - s.start;
      const to = Math.min(end, s.start + s.len) - s.start;
      if (from < to) out.push({ seg: i, from, to });
    }
    return out;
  }

  /**
   * The sentence around `[start, end)` as [text before, the span, text after]: from the previous
   * sentence end or line break to the next. Long sentences are cut to about `max` units around
   * the span, with an ellipsis.
   */
  sentence(start, end, max) {
    const u = this.text;
    end = Math.min(end, u.length);
    start = Math.min(start, end);
    const isEnd = (i) => '.!?'.includes(u[i]) && (i + 1 >= u.length || ' \n\u201D\u2019'.includes(u[i + 1]));
    let a = start;
    while (a > 0 && u[a - 1] !== '\n' && !isEnd(a - 1)) a--;
    let b = end;
    while (b < u.length && u[b] !== '\n') {
      if (isEnd(b)) {
        b++;
        if (b < u.length && (u[b] === '\u201D' || u[b] === '\u2019')) b++;
        break;
      }
      b++;
    }
    let pre = '';
    let post = '';
    if (b - a > max) {
      const half = Math.floor(Math.max(0, max - (end - start)) / 2);
      if (start - a > half) {
        a = start - half;
        // Start at a word.
        while (a < start && u[a] !== ' ') a++;
        pre = '…';
      }
      if (b - end > half) {
        b = end + half;
        while (b > end && u[b - 1] !== ' ') b--;
        post = '…';
      }
    }
    return [pre + u.slice(a, start).trimStart(), u.slice(start, end), u.slice(end, b).trimEnd() + post];
  }

  /** Up to `n` words before and after `[start, end)` on the same line, for a text fragment URL. */
  context(start, end, n) {
    const u = this.text;
    start = Math.min(start, u.length);
    end = Math.min(end, u.length);
    let a = start;
    let words = 0;
    while (a > 0 && u[a - 1] !== '\n') {
      if (u[a - 1] === ' ' && a < start && u[a] !== ' ' && ++words > n) break;
      a--;
    }
    let b = end;
    words = 0;
    while (b < u.length && u[b] !== '\n') {
      if (u[b] === ' ' && b > end && u[b - 1] !== ' ' && ++words >= n) break;
      b++;
    }
    return [u.slice(a, start).trim(), u.slice(end, b).trim()];
  }
}

/**
 * What highlighting changed, to undo it exactly. A range that crosses inline elements (`<em>`,
 * `<a>`, `<strong>`) becomes one `<mark>` per text node it touches; the first carries the keyboard
 * stop, the others `data-storylink-part`.
 *
 * Each text node is rewritten once: it keeps the text before its first mark (or, when a mark
 * starts at its offset 0, becomes that mark's text), and everything after it (marks, and new text
 * nodes for the gaps between them) is built off the page, each mark cloned from a template that
 * already carries its attributes, and inserted with one call. No layout is read; no listener is
 * added per mark. The undo is as batched: a mark still as we left it goes in one call.
 *
 * With a `tag` (the widget's), each mark also gets its mention number (`data-storylink-mention`)
 * and each range's first mark, unless it sits inside an interactive element, the attributes of a
 * button that opens a dialog (`tabindex`, `role`, `aria-haspopup`, `aria-expanded`), all set
 * before the mark is inserted: attributes in the order the widget used to set them on the page.
 */
export class Undo {
  constructor() {
    /**
     * One group per original text node that was wrapped, in document order: the node, its parent
     * and text before and after; `marks[i]` holds the single text node `inner[i]` (the original
     * node or a copy of part of its text); `created` are the gap texts between and after them.
     */
    this.groups = [];
  }

  /**
   * Wraps the ranges `{start, end, entity, kind}` (in any order; they must not overlap) and
   * returns, for each range, its marks in text order (empty when it maps to no text).
   *
   * `tag` (optional): `{next, focusable(parent)}`. The ranges that get marks are numbered from
   * `next` in text order (the number is `data-storylink-mention` on each of their marks);
   * `focusable(el)` says, once per text node, whether a first mark in it may be a keyboard stop
   * (given the node's parent element). Filled in: `tag.made`, the range indices in number order,
   * and `tag.focus`, whether each of those got the button attributes; the first of them in this
   * call gets `tabindex="0"`, the others `-1`.
   * @param {Document} doc
   * @param {TextMap} map
   */
  wrap(doc, map, ranges, tag) {
    const n = ranges.length;
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = [];
    // Ranges in text order (the caller's order usually is: then no sort).
    let order = null;
    for (let i = 1; i < n; i++) {
      if (ranges[i].start < ranges[i - 1].start) {
        order = Array.from({ length: n }, (_, k) => k).sort((x, y) => ranges[x].start - ranges[y].start);
        break;
      }
    }
    // Groups of earlier calls are not touched again: the roots of one link() never nest.
    const first = this.groups.length;
    try {
      if (tag) Object.assign(tag, { made: [], focus: [], ids: new Array(n), first: true });
      this.wrapAll(doc, map, ranges, order, out, tag);
    } finally {
      // Also when a DOM call threw half-way: the undo then knows what each node holds now.
      for (let k = first; k < this.groups.length; k++) this.groups[k].after = this.groups[k].node.data;
    }
    return out;
  }

  wrapAll(doc, map, ranges, order, out, tag) {
    const segs = map.segs;
    const nseg = segs.length;
    // The pieces of every range, in text order: flat [seg, from, to, range] quadruples.
    const pieces = [];
    let si = 0;
    for (let k = 0; k < ranges.length; k++) {
      const ri = order ? order[k] : k;
      const { start, end } = ranges[ri];
      if (!(start < end)) continue;
      while (si < nseg && segs[si].start + segs[si].len <= start) si++;
      for (let j = si; j < nseg && segs[j].start < end; j++) {
        const s = segs[j];
        const from = Math.max(start, s.start) - s.start;
        const to = Math.min(end, s.start + s.len) - s.start;
        if (from < to) pieces.push(j, from, to, ri);
      }
    }
    // One template `<mark>` per entity, kind and variant (0 first, 1 part, 2 first and a keyboard
    // stop), its attributes set once: `cloneNode` then copies them in one call per mark (in the
    // same order as set here); a clone's own values (its number, the one `tabindex="0"`) then
    // replace the template's in place, which keeps that order.
    const base = doc.createElement('mark');
    const templates = new Map();
    const template = (r, variant) => {
      const key = `${variant}${r.kind}\u0000${r.entity}`;
      let t = templates.get(key);
      if (!t) {
        t = base.cloneNode(false);
        t.setAttribute('data-storylink-entity', r.entity);
        t.setAttribute('data-storylink-kind', r.kind);
        if (variant === 1) t.setAttribute('data-storylink-part', '');
        if (tag) t.setAttribute('data-storylink-mention', '');
        if (variant === 2) {
          t.setAttribute('tabindex', '-1');
          t.setAttribute('role', 'button');
          t.setAttribute('aria-haspopup', 'dialog');
          t.setAttribute('aria-expanded', 'false');
        }
        templates.set(key, t);
      }
      return t.cloneNode(false);
    };
    for (let p = 0; p < pieces.length;) {
      // The pieces of one text node: [p, q).
      const seg = pieces[p];
      let q = p + 4;
      while (q < pieces.length && pieces[q] === seg) q += 4;
      const node = segs[seg].node;
      const parent = node.parentNode;
      const g = { node, parent, before: node.data, after: null, marks: [], inner: [], created: [], focusable: undefined };
      this.groups.push(g);
      if (parent) this.wrapNode(doc, g, pieces, p, q, ranges, out, template, tag);
      p = q;
    }
  }

  /** Rewrites one text node: the pieces `pieces[p..q)` (node offsets, in order) become marks. */
  wrapNode(doc, g, pieces, p, q, ranges, out, template, tag) {
    const { node } = g;
    const data = g.before;
    /** What follows the original node, in order: marks and the text between them. */
    const items = [];
    let head = -1; // where the original node's text ends now
    let own = null; // the mark the original node goes into
    let at = 0;
    for (; p < q; p += 4) {
      const from = pieces[p + 1];
      const to = pieces[p + 2];
      // The node is shorter than the map says: leave the rest. (Read per piece, as the splitText
      // version did: the fault tests count these reads to throw in the middle of highlighting.)
      if (to > node.length) break;
      if (from < at) continue; // overlaps the previous range (not allowed): never copy text twice
      const ri = pieces[p + 3];
      const marks = out[ri];
      let mark;
      if (!tag) mark = template(ranges[ri], marks.length ? 1 : 0);
      else if (marks.length) {
        mark = template(ranges[ri], 1);
        mark.setAttribute('data-storylink-mention', tag.ids[ri]);
      } else {
        // The range's first mark: it is numbered here. Whether it may be a keyboard stop
        // depends on its ancestors only, which are the text node's: asked once per node.
        if (g.focusable === undefined) g.focusable = tag.focusable(g.parent);
        const id = String(tag.next + tag.made.length);
        tag.ids[ri] = id;
        tag.made.push(ri);
        tag.focus.push(g.focusable);
        mark = template(ranges[ri], g.focusable ? 2 : 0);
        mark.setAttribute('data-storylink-mention', id);
        if (g.focusable && tag.first) {
          mark.setAttribute('tabindex', '0');
          tag.first = false;
        }
      }
      if (head < 0) {
        head = from > 0 ? from : to;
        if (from === 0) own = mark;
      } else if (from > at) {
        const t = doc.createTextNode(data.slice(at, from));
        items.push(t);
        g.created.push(t);
      }
      let inner = node;
      if (mark !== own) {
        inner = doc.createTextNode(data.slice(from, to));
        mark.appendChild(inner);
      }
      items.push(mark);
      g.marks.push(mark);
      g.inner.push(inner);
      marks.push(mark);
      at = to;
    }
    if (head < 0) return;
    const len = data.length;
    if (at < len) {
      const t = doc.createTextNode(data.slice(at, len));
      items.push(t);
      g.created.push(t);
    }
    if (head < len) node.data = data.slice(0, head);
    // One insertion (`after` builds the fragment natively; a DocumentFragment for huge nodes,
    // where spreading the arguments could overflow the stack).
    if (items.length <= 2048) node.after(...items);
    else {
      const frag = doc.createDocumentFragment();
      for (const it of items) frag.appendChild(it);
      g.parent.insertBefore(frag, node.nextSibling);
    }
    if (own) own.appendChild(node);
  }

  /**
   * Restores the page: unwraps marks, gives each original text node its data back and removes
   * the nodes that wrapping created. Where the page's own script changed an original node since
   * (a framework re-rendering its text), the page wins: that node keeps its new text and the
   * copies storylink made of its old text are removed, so no text is ever duplicated.
   */
  undo() {
    for (const g of this.groups.splice(0)) {
      const { node, marks, inner } = g;
      // Its parent now: ours (a mark that wraps it whole) counts as where we left it.
      let home = node.parentNode;
      if (home && marks.includes(home)) home = home.parentNode;
      const intact = home === g.parent && node.data === g.after;
      for (let i = 0; i < marks.length; i++) {
        const m = marks[i];
        const t = inner[i];
        const parent = m.parentNode;
        if (!parent) {
          // A copy the page moved out of our (detached) mark is still ours to remove.
          if (t !== node && t.parentNode && t.parentNode !== m) t.parentNode.removeChild(t);
          continue;
        }
        if (m.firstChild === t && m.lastChild === t) {
          // As we left it: one call (the copy inside goes with its mark).
          if (t === node) parent.replaceChild(node, m);
          else parent.removeChild(m);
          continue;
        }
        if (intact) while (m.firstChild) parent.insertBefore(m.firstChild, m);
        else if (node.parentNode === m) parent.insertBefore(node, m);
        parent.removeChild(m);
        if (t !== node) t.parentNode?.removeChild(t);
      }
      for (const t of g.created) t.parentNode?.removeChild(t);
      if (intact) node.data = g.before;
    }
  }
}
