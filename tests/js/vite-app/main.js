import init, { version, replay, renderDiffHtml, diffPrompts } from 'prompt-assist';

await init();
const { events } = replay('{"type":"mode","mode":"chat"}\n{"type":"done"}\n');
document.getElementById('out').textContent = JSON.stringify({
  version: version(),
  types: events.map((e) => e.type),
  html: typeof renderDiffHtml(diffPrompts('a', 'b')),
});
window.__result = document.getElementById('out').textContent;
