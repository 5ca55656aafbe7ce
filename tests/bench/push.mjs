// The draft push figures: `AssistantSession.push` of one draft-ready line (inputs.mjs
// `draftInput`: a 20 KB prompt of about 140 short sections naming two variables each, against a
// currentPrompt with 10% of them edited, one moved and one added, and a variableContext that has
// every variable). Each push gets a new session; only the push is timed.
//   node push.mjs warm   the median of PUSHES pushes after WARMUPS, in this process
//   node push.mjs cold   the first push of this process (the module instantiated at import, its
//                        code not yet run): run.mjs starts several processes and takes the median
// Prints one JSON line (lib.mjs `emit`).
import { draftInput, draftProblems } from './inputs.mjs';
import { check, emit, loadPackage, median, timed } from './lib.mjs';

const WARMUPS = 30;
const PUSHES = 1000;

const mode = process.argv[2];
check(mode === 'warm' || mode === 'cold', 'usage: node push.mjs warm|cold');
const { AssistantSession } = await loadPackage();
const input = draftInput();

function push() {
  const session = new AssistantSession(input.options);
  const { ms, value } = timed(() => session.push(input.line));
  session.free();
  return { ms, events: value };
}

const first = push();
const problems = draftProblems(first.events, input);
check(problems.length === 0, `the push did not give the expected draft: ${problems.join('; ')}`);
const facts = { lineBytes: input.line.length, sections: input.sections, eventJsonBytes: JSON.stringify(first.events).length };

if (mode === 'cold') {
  emit({ ...facts, ms: first.ms });
} else {
  for (let i = 0; i < WARMUPS; i++) push();
  const times = [];
  for (let i = 0; i < PUSHES; i++) times.push(push().ms);
  times.sort((a, b) => a - b);
  emit({ ...facts, pushes: PUSHES, ms: median(times), p10: times[Math.floor(PUSHES * 0.1)], p90: times[Math.floor(PUSHES * 0.9)] });
}
