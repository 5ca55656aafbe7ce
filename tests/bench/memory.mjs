// The wasm memory figures: how much the package's WebAssembly memory grows for one draft, as a
// multiple of the draft-ready line's bytes. Run each in a fresh process (run.mjs does): the
// memory never shrinks, so growth from an earlier figure would hide this one's.
//   node memory.mjs stream   a stream of a mode line, one ~4 MB draft-ready line and done, pushed
//                            in 64 KB chunks, then finish()
//   node memory.mjs draft    one push of a ~100 KB draft-ready line
// Both drafts have the push figure's shape (inputs.mjs `draftInput`) and a currentPrompt to diff
// against. Growth is `memory.buffer.byteLength` after minus before, measured on the module
// instance the package uses (lib.mjs `packageGlue`), before being taken after loading the package
// and generating the input, just before the session is made.
// Prints one JSON line (lib.mjs `emit`).
import { draftInput, draftProblems } from './inputs.mjs';
import { check, emit, loadPackage, packageGlue } from './lib.mjs';

const CHUNK = 64 * 1024;
const mode = process.argv[2];
check(mode === 'stream' || mode === 'draft', 'usage: node memory.mjs stream|draft');

const pkg = await loadPackage();
const { exports } = await packageGlue(pkg);
const { memory } = exports;
check(memory instanceof WebAssembly.Memory, 'the glue exports no memory');

// The stream's prompt stays under the 4 MiB validation limit (API.md §4: too-large), so the line
// is about 4 MB and the draft is validated and diffed like any other.
const input = draftInput(mode === 'stream' ? 3_950_000 : 100_000);
function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const utf8 = new TextEncoder();
const stream =
  mode === 'stream'
    ? concat(utf8.encode('{"type":"mode","mode":"draft"}\n'), input.line, utf8.encode('{"type":"done"}\n'))
    : input.line;

const before = memory.buffer.byteLength;
const session = new pkg.AssistantSession(input.options);
const events = [];
if (mode === 'stream') {
  for (let at = 0; at < stream.length; at += CHUNK) events.push(...session.push(stream.subarray(at, at + CHUNK)));
  events.push(...session.finish());
} else {
  events.push(...session.push(stream));
}
const after = memory.buffer.byteLength;
session.free();

const problems = draftProblems(events, input);
check(problems.length === 0, `the draft was not processed as expected: ${problems.join('; ')}`);
if (mode === 'stream') {
  const types = events.map((e) => e.type).join(',');
  check(types === 'mode,draft-ready,done', `unexpected events: ${types}`);
}
emit({
  lineBytes: input.line.length,
  sections: input.sections,
  before,
  after,
  growth: after - before,
  ratio: (after - before) / input.line.length,
});
