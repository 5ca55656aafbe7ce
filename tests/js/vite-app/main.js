// No top-level await, as in the package README: Vite's default build target may not allow it.
import init, { version, replay, renderDiffHtml, diffPrompts } from 'prompt-assist';

init().then(() => {
  const { events } = replay('{"type":"mode","mode":"chat"}\n{"type":"done"}\n');
  document.getElementById('out').textContent = JSON.stringify({
    version: version(),
    types: events.map((e) => e.type),
    html: typeof renderDiffHtml(diffPrompts('a', 'b')),
  });
  window.__result = document.getElementById('out').textContent;
});
