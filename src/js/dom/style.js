// The widget's CSS, applied as constructable stylesheets (`adoptedStyleSheets`), so it needs no
// `<style>` element and works under `style-src 'self'`.
//
// Theming: every colour and the font come from CSS custom properties that a page may set on
// `:root` (they inherit into the shadow roots): `--storylink-bg`, `-fg`, `-muted`, `-accent`,
// `-border`, `-soft`, `-radius`, `-font`, `-shadow`, `-focus`, `-mark-bg`, `-mark-line`,
// `-connected-bg`, `-connected-line`, `-active-bg` (all prefixed `--storylink`).

/** Styles of the `<mark>` highlights, adopted by the document (and shadow roots holding articles) while linked. */
export const PAGE = `
mark[data-storylink-entity] {
  background: var(--storylink-mark-bg, rgba(255, 196, 0, 0.30));
  color: inherit;
  padding: 0;
  border-radius: 2px;
  cursor: pointer;
  text-decoration-line: underline;
  text-decoration-style: solid;
  text-decoration-thickness: 2px;
  text-underline-offset: 0.18em;
  text-decoration-color: var(--storylink-mark-line, #9a6b00);
  -webkit-box-decoration-break: clone;
  box-decoration-break: clone;
}
mark[data-storylink-kind="connected"] {
  background: var(--storylink-connected-bg, rgba(64, 140, 220, 0.14));
  text-decoration-style: dashed;
  text-decoration-color: var(--storylink-connected-line, #2a6db0);
}
mark[data-storylink-kind="single"] {
  background: transparent;
  text-decoration-style: dotted;
  text-decoration-color: var(--storylink-connected-line, #2a6db0);
}
mark[data-storylink-entity][data-storylink-active] {
  background: var(--storylink-active-bg, rgba(255, 160, 0, 0.45));
}
mark[data-storylink-entity]:focus { outline: none; }
mark[data-storylink-entity]:focus-visible {
  outline: 2px solid var(--storylink-focus, #1a5fb4);
  outline-offset: 1px;
}
mark[data-storylink-flash] { animation: storylink-flash 1.6s ease-out 1; }
@keyframes storylink-flash {
  0%, 30% { box-shadow: 0 0 0 4px var(--storylink-focus, #1a5fb4); }
  100% { box-shadow: 0 0 0 0 transparent; }
}
@media (prefers-reduced-motion: reduce) {
  mark[data-storylink-flash] { animation: none; outline: 3px solid var(--storylink-focus, #1a5fb4); }
}
@media (prefers-color-scheme: dark) {
  mark[data-storylink-entity] {
    background: var(--storylink-mark-bg, rgba(255, 196, 0, 0.22));
    text-decoration-color: var(--storylink-mark-line, #f2c14e);
  }
  mark[data-storylink-kind="connected"] {
    background: var(--storylink-connected-bg, rgba(110, 170, 255, 0.16));
    text-decoration-color: var(--storylink-connected-line, #8ab8ff);
  }
  mark[data-storylink-kind="single"] { background: transparent; text-decoration-color: var(--storylink-connected-line, #8ab8ff); }
  mark[data-storylink-entity][data-storylink-active] { background: var(--storylink-active-bg, rgba(255, 176, 0, 0.40)); }
  mark[data-storylink-entity]:focus-visible { outline-color: var(--storylink-focus, #8ab8ff); }
}
@media (prefers-contrast: more) {
  mark[data-storylink-entity], mark[data-storylink-entity][data-storylink-kind] {
    background: transparent; text-decoration-color: currentColor; text-decoration-thickness: 3px;
  }
  mark[data-storylink-entity][data-storylink-active] { background: transparent; outline: 2px solid currentColor; }
  mark[data-storylink-entity]:focus-visible { outline-width: 3px; outline-offset: 2px; }
}
@media (forced-colors: active) {
  mark[data-storylink-entity] { forced-color-adjust: none; background: Mark; color: MarkText; text-decoration-color: MarkText; }
  mark[data-storylink-kind="connected"], mark[data-storylink-kind="single"] { background: Canvas; color: CanvasText; text-decoration-color: CanvasText; }
  mark[data-storylink-entity][data-storylink-active] { background: Highlight; color: HighlightText; }
  mark[data-storylink-entity]:focus-visible { outline: 2px solid Highlight; }
}
`;

/** Shared base of every shadow root (card, index, map): an isolated, theme-aware box. */
export const BASE = `
:host {
  all: initial !important;
  display: block !important;
  visibility: visible !important;
  opacity: 1 !important;
  --sl-bg: var(--storylink-bg, #ffffff);
  --sl-fg: var(--storylink-fg, #1c1c1e);
  --sl-muted: var(--storylink-muted, #5a5a60);
  --sl-accent: var(--storylink-accent, #1a5fb4);
  --sl-border: var(--storylink-border, #d5d5da);
  --sl-soft: var(--storylink-soft, #f3f3f6);
  --sl-shadow: var(--storylink-shadow, 0 10px 30px rgba(0, 0, 0, 0.18), 0 2px 6px rgba(0, 0, 0, 0.10));
  --sl-font: var(--storylink-font, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif);
  --sl-radius: var(--storylink-radius, 10px);
  --sl-focus: var(--storylink-focus, #1a5fb4);
}
@media (prefers-color-scheme: dark) {
  :host {
    --sl-bg: var(--storylink-bg, #1f2023);
    --sl-fg: var(--storylink-fg, #ececf0);
    --sl-muted: var(--storylink-muted, #a9a9b3);
    --sl-accent: var(--storylink-accent, #8ab8ff);
    --sl-border: var(--storylink-border, #3b3c42);
    --sl-soft: var(--storylink-soft, #2a2b30);
    --sl-focus: var(--storylink-focus, #8ab8ff);
    --sl-shadow: var(--storylink-shadow, 0 10px 30px rgba(0, 0, 0, 0.55));
  }
}
@media (prefers-contrast: more) {
  :host { --sl-muted: var(--sl-fg); --sl-border: var(--sl-fg); --sl-soft: var(--sl-bg); }
  .link { text-decoration-thickness: 2px; }
}
* { box-sizing: border-box; }
.box {
  font: 14px/1.45 var(--sl-font);
  color: var(--sl-fg);
  background: var(--sl-bg);
  text-align: start;
  letter-spacing: normal;
  word-spacing: normal;
  text-transform: none;
  white-space: normal;
}
button {
  font: inherit; color: inherit; background: none; border: 0; margin: 0; padding: 0;
  cursor: pointer; text-align: inherit;
}
button:focus { outline: none; }
button:focus-visible, [tabindex]:focus-visible, summary:focus-visible, a:focus-visible {
  outline: 2px solid var(--sl-focus); outline-offset: 2px; border-radius: 3px;
}
.link { color: var(--sl-accent); text-decoration: underline; text-underline-offset: 2px; }
ul { list-style: none; margin: 0; padding: 0; }
.muted { color: var(--sl-muted); }
.chip {
  display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 8px;
  border: 1px solid var(--sl-border); color: var(--sl-muted); white-space: nowrap; font-weight: 600;
  letter-spacing: 0.02em;
}
@media (forced-colors: active) {
  .box { border: 1px solid CanvasText; }
  .chip { border-color: CanvasText; }
  .link { color: LinkText; }
}
`;

/** The hover card. */
export const CARD = `
:host {
  position: fixed !important;
  top: var(--storylink-internal-top, 0px) !important;
  left: var(--storylink-internal-left, 0px) !important;
  width: min(384px, calc(100vw - 16px)) !important;
  z-index: 2147483647 !important;
  margin: 0 !important;
  padding: 0 !important;
}
.card {
  position: relative;
  width: 100%;
  max-height: calc(100vh - 16px);
  overflow: auto;
  overscroll-behavior: contain;
  border: 1px solid var(--sl-border);
  border-radius: var(--sl-radius);
  box-shadow: var(--sl-shadow);
  padding: 12px 14px 10px;
  animation: sl-in 120ms ease-out;
}
@keyframes sl-in { from { opacity: 0; transform: translateY(4px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .card { animation: none; } }
.head { display: flex; align-items: flex-start; gap: 8px; }
.title { flex: 1; min-width: 0; }
.name { display: block; font-size: 16px; font-weight: 700; line-height: 1.3; overflow-wrap: anywhere; }
.name:focus { outline: none; }
.meta { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 3px; }
.chip.count { color: var(--sl-fg); background: var(--sl-soft); }
.close {
  flex: none; width: 28px; height: 28px; margin: -4px -6px 0 0; border-radius: 6px;
  font-size: 20px; line-height: 28px; text-align: center; color: var(--sl-muted);
}
.close:hover { background: var(--sl-soft); color: var(--sl-fg); }
.section { margin-top: 10px; }
.label { font-size: 11px; font-weight: 700; letter-spacing: 0.06em; text-transform: uppercase; color: var(--sl-muted); margin-bottom: 4px; }
.roles li { margin: 2px 0; }
.roles .src { color: var(--sl-muted); font-size: 12px; }
.stories li, .related li { padding: 6px 0; border-top: 1px solid var(--sl-border); }
.stories li:first-child, .related li:first-child { border-top: 0; padding-top: 2px; }
.story { display: flex; gap: 8px; align-items: baseline; justify-content: space-between; }
.story-title { font-weight: 600; overflow-wrap: anywhere; }
.jump { flex: none; font-size: 12px; }
.quote { display: block; margin-top: 2px; color: var(--sl-muted); font-size: 13px; overflow-wrap: anywhere; }
.quote b { color: var(--sl-fg); font-weight: 600; }
.nav { display: flex; align-items: center; gap: 6px; margin-top: 10px; padding-top: 8px; border-top: 1px solid var(--sl-border); }
.nav button { min-width: 28px; height: 28px; border-radius: 6px; border: 1px solid var(--sl-border); text-align: center; }
.nav button:hover { background: var(--sl-soft); }
.nav .pos { flex: 1; font-size: 12px; color: var(--sl-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.related .rel { font-weight: 600; }
.related li.also { font-size: 13px; line-height: 1.6; }
.why summary { cursor: pointer; font-size: 12px; color: var(--sl-muted); }
.why li { font-size: 12px; margin: 2px 0; }
.foot { display: flex; align-items: center; gap: 8px; margin-top: 8px; font-size: 12px; }
.foot .status { color: var(--sl-muted); overflow-wrap: anywhere; }
.foot .off { margin-inline-start: auto; flex: none; color: var(--sl-muted); }
.chip.differ { text-transform: none; letter-spacing: normal; border-style: dashed; color: var(--sl-fg); }
@media (prefers-contrast: more) { .card { border-width: 2px; } }
.kind-connected { border-style: dashed; }
`;

/** The entity index (legend) and the link map. */
export const INDEX = `
:host { margin: 0 0 16px !important; }
.box { border: 1px solid var(--sl-border); border-radius: var(--sl-radius); padding: 8px 12px; }
summary { cursor: pointer; font-weight: 700; padding: 4px 0; }
.hint { font-size: 12px; color: var(--sl-muted); margin: 4px 0 8px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 4px 6px; border-top: 1px solid var(--sl-border); text-align: start; vertical-align: baseline; }
th[scope="col"] { font-size: 12px; color: var(--sl-muted); font-weight: 600; border-top: 0; }
td.n { text-align: center; white-space: nowrap; }
.ent { font-weight: 600; text-decoration-line: underline; text-decoration-thickness: 2px; text-underline-offset: 3px; text-decoration-color: var(--storylink-mark-line, #9a6b00); }
.ent.connected { text-decoration-style: dashed; text-decoration-color: var(--storylink-connected-line, #2a6db0); }
.ent.single { text-decoration-style: dotted; text-decoration-color: var(--storylink-connected-line, #2a6db0); }
@media (prefers-color-scheme: dark) {
  .ent { text-decoration-color: var(--storylink-mark-line, #f2c14e); }
  .ent.connected, .ent.single { text-decoration-color: var(--storylink-connected-line, #8ab8ff); }
}
.key { display: flex; flex-wrap: wrap; gap: 12px; font-size: 12px; color: var(--sl-muted); margin: 6px 0; }
.key .link { margin-inline-start: auto; }
.box.off { display: block; font-size: 13px; }
@media (prefers-contrast: more) {
  .ent, .ent.connected, .ent.single { text-decoration-color: currentColor; text-decoration-thickness: 3px; }
  svg .edge { stroke: var(--sl-fg); stroke-opacity: 1; }
}
svg { display: block; width: 100%; height: auto; }
svg .article rect { fill: var(--sl-soft); stroke: var(--sl-border); }
svg .article text { fill: var(--sl-fg); font: 600 12px var(--sl-font); }
svg .edge { stroke: var(--sl-muted); stroke-opacity: 0.45; stroke-width: 1.2; }
svg .node circle { fill: var(--storylink-mark-line, #c58f00); stroke: var(--sl-bg); stroke-width: 2; }
svg .node.connected circle { fill: var(--storylink-connected-line, #2a6db0); }
svg .node text { fill: var(--sl-fg); font: 12px var(--sl-font); }
svg .node { cursor: pointer; }
svg .node:focus { outline: none; }
svg .node:focus-visible circle, svg .node:hover circle { stroke: var(--sl-focus); stroke-width: 3; }
svg .node:focus-visible text, svg .node:hover text { text-decoration: underline; }
@media (forced-colors: active) {
  svg .article rect { fill: Canvas; stroke: CanvasText; }
  svg .article text, svg .node text { fill: CanvasText; }
  svg .edge { stroke: CanvasText; }
  svg .node circle { fill: Highlight; stroke: Canvas; }
}
`;
