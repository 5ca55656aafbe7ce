// Starts www/worker.js as a module worker. Import maps do not apply inside workers, so the page
// resolves `prompt-assist` through its own import map and hands the worker the resulting URL.
const status = document.getElementById('status');
const result = document.getElementById('result');
const entry = import.meta.resolve('prompt-assist');
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
worker.addEventListener('message', (e) => {
  window.workerResult = e.data;
  status.textContent = e.data.ok ? 'done' : 'failed';
  result.textContent = JSON.stringify(e.data, null, 2);
});
worker.addEventListener('error', (e) => {
  window.workerResult = { ok: false, error: e.message || 'worker failed to start' };
  status.textContent = 'failed';
  result.textContent = window.workerResult.error;
});
worker.postMessage({
  entry,
  baseUrl: location.origin,
  token: params.get('token') ?? 'demo-token',
  scenario: params.get('scenario') ?? 'draft',
});
