// @ts-check
// Starts www/worker.js as a module worker. Import maps do not apply inside workers, so the page
// resolves `prompt-assist` through its own import map and hands the worker the resulting URL.
const status = /** @type {HTMLElement} */ (document.getElementById('status'));
const result = /** @type {HTMLElement} */ (document.getElementById('result'));
const entry = import.meta.resolve('prompt-assist');
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
/** What the worker reports, for the e2e test to read. */
const report = (/** @type {{ ok: boolean, error?: string }} */ data) => Object.assign(window, { workerResult: data });
worker.addEventListener('message', (e) => {
  report(e.data);
  status.textContent = e.data.ok ? 'done' : 'failed';
  result.textContent = JSON.stringify(e.data, null, 2);
});
worker.addEventListener('error', (e) => {
  const error = e.message || 'worker failed to start';
  report({ ok: false, error });
  status.textContent = 'failed';
  result.textContent = error;
});
worker.postMessage({
  entry,
  baseUrl: location.origin,
  token: params.get('token') ?? 'demo-token',
  scenario: params.get('scenario') ?? 'draft',
});
