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

// Page load in short tasks: init() above is one, the package's warm-up (an idle-time analysis
// that init() started) another, and the first link() a third, in idle time after the warm-up.
if (!params.has('manual')) {
  await new Promise((ok) => (window.requestIdleCallback ? requestIdleCallback(ok, { timeout: 500 }) : setTimeout(ok, 0)));
  if (!state.handle) relink();
}
