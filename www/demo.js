// The demo: links the two stories and wires the controls (mode, types, theme, on/off).
// Query parameters for tests: ?manual (do not link on load), ?delay=MS (hover delay).
import init, { link } from './pkg/storylink.js';

const params = new URLSearchParams(location.search);
const $ = (sel) => document.querySelector(sel);
const state = { handle: null };

function options() {
  const types = [...document.querySelectorAll('#types input:checked')].map((i) => i.value);
  const opts = { mode: $('#mode').value, types };
  if (params.has('delay')) opts.hoverDelay = Number(params.get('delay'));
  return opts;
}

function relink() {
  if (state.handle) state.handle.destroy();
  state.handle = link(options());
  $('#toggle').textContent = 'Turn off';
}

await init();
// Set once the module is ready: tests wait for it, then call link() themselves (?manual).
window.storylinkDemo = state;
if (!params.has('manual')) relink();

$('#mode').addEventListener('change', relink);
$('#types').addEventListener('change', relink);
$('#theme').addEventListener('change', (e) => {
  const t = e.target.value;
  if (t === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = t;
});
$('#toggle').addEventListener('click', () => {
  if (state.handle && !state.handle.destroyed) {
    state.handle.destroy();
    $('#toggle').textContent = 'Turn on';
  } else {
    relink();
  }
});
