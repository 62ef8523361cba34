/**
 * The graph page's script, as source for a `<script>` element: it fits the drawing to the panel
 * on open and on resize, zooms (wheel, pinch, `+`/`-` buttons and keys) around a point, pans
 * (drag, arrow keys), re-fits (`0` or the fit button), and tells the extension which call box
 * was clicked so it can reveal its `let`. The scene's scale is published as `data-scale` on the
 * drawing so tests and themes can read it. A view the user zoomed or panned is kept in the
 * webview's state, so that redrawing the same pipeline after an edit keeps it.
 */
export const graphViewScript = `
const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
const drawing = document.querySelector('svg.graph');
const scene = drawing?.querySelector('g.scene');
const ZOOM_STEP = 1.25;
const MIN_SCALE = 0.05;
const MAX_SCALE = 8;
const PAN_STEP = 40;
const PADDING = 8;
let view = { scale: 1, x: 0, y: 0 };
// Resizing re-fits the drawing only while the user has not zoomed or panned since the last fit.
let fitted = true;

function apply() {
  scene.setAttribute('transform', 'translate(' + view.x + ' ' + view.y + ') scale(' + view.scale + ')');
  drawing.dataset.scale = String(view.scale);
  vscode?.setState({ pipeline: drawing.dataset.pipeline, view: fitted ? undefined : view });
}

function fit() {
  const width = Number(drawing.dataset.width);
  const height = Number(drawing.dataset.height);
  const panel = drawing.getBoundingClientRect();
  const scale = Math.max(MIN_SCALE, Math.min(1, (panel.width - 2 * PADDING) / width, (panel.height - 2 * PADDING) / height));
  view = { scale, x: (panel.width - width * scale) / 2, y: Math.max(PADDING, (panel.height - height * scale) / 2) };
  fitted = true;
  apply();
}

/** Zooms by factor keeping the drawing's point under (px, py), in panel coordinates, in place. */
function zoom(factor, px, py) {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  view = { scale, x: px - (px - view.x) * scale / view.scale, y: py - (py - view.y) * scale / view.scale };
  fitted = false;
  apply();
}

function zoomAtCentre(factor) {
  const panel = drawing.getBoundingClientRect();
  zoom(factor, panel.width / 2, panel.height / 2);
}

function pan(dx, dy) {
  view = { ...view, x: view.x + dx, y: view.y + dy };
  fitted = false;
  apply();
}

if (drawing && scene) {
  const saved = vscode?.getState();
  if (saved?.view && saved.pipeline === drawing.dataset.pipeline) {
    view = saved.view;
    fitted = false;
    apply();
  } else {
    fit();
  }
  new ResizeObserver(() => { if (fitted) fit(); }).observe(drawing);
  // A trackpad pinch arrives as a wheel event with ctrlKey set; both zoom.
  drawing.addEventListener('wheel', event => {
    event.preventDefault();
    const panel = drawing.getBoundingClientRect();
    zoom(Math.exp(-event.deltaY / 300), event.clientX - panel.left, event.clientY - panel.top);
  }, { passive: false });
  let drag;
  drawing.addEventListener('pointerdown', event => {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    drawing.setPointerCapture(event.pointerId);
  });
  drawing.addEventListener('pointermove', event => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag = { x: event.clientX, y: event.clientY, moved: true };
    drawing.classList.add('panning');
    pan(dx, dy);
  });
  drawing.addEventListener('pointerup', event => {
    // A press that did not move is a click on whatever is under it.
    const node = drag && !drag.moved ? document.elementFromPoint(event.clientX, event.clientY)?.closest('.node') : undefined;
    if (node) vscode?.postMessage({ reveal: Number(node.dataset.line) });
    drag = undefined;
    drawing.classList.remove('panning');
  });
  document.querySelector('button.zoom-in').addEventListener('click', () => zoomAtCentre(ZOOM_STEP));
  document.querySelector('button.zoom-out').addEventListener('click', () => zoomAtCentre(1 / ZOOM_STEP));
  document.querySelector('button.zoom-fit').addEventListener('click', () => fit());
  const keys = {
    '+': () => zoomAtCentre(ZOOM_STEP), '=': () => zoomAtCentre(ZOOM_STEP), '-': () => zoomAtCentre(1 / ZOOM_STEP), '0': fit,
    ArrowLeft: () => pan(PAN_STEP, 0), ArrowRight: () => pan(-PAN_STEP, 0), ArrowUp: () => pan(0, PAN_STEP), ArrowDown: () => pan(0, -PAN_STEP),
  };
  document.addEventListener('keydown', event => {
    const action = keys[event.key];
    if (!action || event.altKey || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    action();
  });
}
`;
