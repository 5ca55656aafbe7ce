// Conversation (API.md §6) against a local server that records every request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import init, { Conversation } from 'prompt-assist';
import { startServer, writePieces, ndjson, sleep } from './server.mjs';

const DRAFT = '<prompt><goal>Book a tour with @firstName</goal><tone>warm</tone></prompt>';
const CURRENT = '<prompt><goal>Convert leads</goal></prompt>';

const reply = (text) =>
  ndjson({ type: 'mode', mode: 'chat' }, { type: 'assistant-delta', delta: text.slice(0, 4) }, { type: 'assistant-delta', delta: text.slice(4) }, { type: 'done' });

let server;

before(async () => {
  await init();
  server = await startServer({
    // One reply per request, slowly enough to be seen running.
    chat: (req, res, ctx) => writePieces(res, [reply(`Answer ${ctx.n}.`)], 5),
    // A draft with no reply text.
    draft: (req, res) =>
      writePieces(res, [ndjson({ type: 'mode', mode: 'draft' }, { type: 'draft-ready', prompt: DRAFT }, { type: 'done' })], 5),
    failing: (req, res) => writePieces(res, [ndjson({ type: 'error', code: 'overloaded', message: 'busy' }, { type: 'done' })]),
    // Never ends: one delta every 20 ms until the client lets go.
    slow: async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjson({ type: 'mode', mode: 'chat' }));
      for (let i = 0; !res.destroyed && i < 500; i++) {
        res.write(ndjson({ type: 'assistant-delta', delta: `${i} ` }));
        await sleep(20);
      }
    },
  });
});

after(() => server?.close());

const options = (scenario, extra = {}) => ({ baseUrl: `${server.url}/${scenario}`, token: 'tok_conv_s3cret', ...extra });

/** Resolves when the snapshot satisfies `predicate`. */
function until(conversation, predicate, ms = 5000) {
  return new Promise((resolve, reject) => {
    if (predicate(conversation.getSnapshot())) return resolve(conversation.getSnapshot());
    const timer = setTimeout(() => reject(new Error(`timed out: ${JSON.stringify(conversation.getSnapshot())}`)), ms);
    const off = conversation.subscribe(() => {
      if (predicate(conversation.getSnapshot())) {
        clearTimeout(timer);
        off();
        resolve(conversation.getSnapshot());
      }
    });
  });
}

const idle = (c) => until(c, (s) => !s.running);

test('the second turn carries the first as conversationHistory; turns complete without being iterated', async () => {
  const c = new Conversation(options('chat', { currentPrompt: CURRENT, variableContext: { firstName: 'Alex' } }));
  const first = c.send('make it shorter');
  assert.equal(typeof first.next, 'function');
  let s = await idle(c);
  assert.equal(s.turns.length, 1);
  assert.deepEqual(
    { ...s.turns[0], draft: undefined },
    { id: 'turn-1', instruction: 'make it shorter', phase: 'done', assistantText: 'Answer 1.', reasoningText: '', draft: undefined, error: null, setup: null },
  );
  c.send('no, keep the examples');
  s = await idle(c);
  const [r1, r2] = server.of('chat').slice(-2).map((r) => r.json);
  assert.deepEqual(r1, { instruction: 'make it shorter', currentPrompt: CURRENT, variableContext: { firstName: 'Alex' } });
  assert.deepEqual(r2.conversationHistory, [
    { role: 'user', content: 'make it shorter' },
    { role: 'assistant', content: 'Answer 1.' },
  ]);
  assert.equal(r2.instruction, 'no, keep the examples');
  assert.deepEqual(s.turns.map((t) => [t.id, t.phase]), [['turn-1', 'done'], ['turn-2', 'done']]);
});

test('a draft turn with no reply text contributes a summary; failed and aborted turns contribute nothing', async () => {
  const c = new Conversation(options('draft', { currentPrompt: CURRENT }));
  c.send('add a tone');
  let s = await idle(c);
  assert.equal(s.turns[0].draft.prompt, DRAFT);
  assert.deepEqual(s.turns[0].draft.diff.sections.map((x) => x.change), ['modified', 'added']);
  c.send('fail please', {});
  await idle(c);
  c.send('then this');
  s = await idle(c);
  const last = server.of('draft').at(-1).json;
  assert.deepEqual(last.conversationHistory, [
    { role: 'user', content: 'add a tone' },
    { role: 'assistant', content: '(I drafted a new prompt: changed "goal"; added "tone".)' },
    { role: 'user', content: 'fail please' },
    { role: 'assistant', content: '(I drafted a new prompt: changed "goal"; added "tone".)' },
  ]);
  const f = new Conversation(options('failing'));
  f.send('one');
  s = await idle(f);
  assert.equal(s.turns[0].phase, 'error');
  assert.equal(s.turns[0].error.code, 'overloaded');
  f.send('two');
  await idle(f);
  assert.equal(server.of('failing').at(-1).json.conversationHistory, undefined, 'a failed turn contributes nothing');
});

test('send while a turn runs: the first is aborted and its connection closes', async () => {
  const c = new Conversation(options('slow'));
  c.send('long one');
  await until(c, (s) => s.turns[0].assistantText.length > 0);
  const firstRequest = server.of('slow').at(-1);
  c.send('second');
  const s = c.getSnapshot();
  assert.equal(s.turns[0].phase, 'aborted');
  assert.equal(s.turns[1].phase, 'waiting');
  assert.equal(s.running, true);
  const closed = await Promise.race([firstRequest.closed, sleep(1000).then(() => false)]);
  assert.equal(closed, true, 'the server did not see the first connection close');
  c.stop();
  const stopped = await idle(c);
  assert.equal(stopped.turns[1].phase, 'aborted');
  assert.equal(server.of('slow').at(-1).json.conversationHistory, undefined, 'an aborted turn contributes nothing');
  const closedToo = await Promise.race([server.of('slow').at(-1).closed, sleep(1000).then(() => false)]);
  assert.equal(closedToo, true);
});

test('retry resends the last instruction as a new turn; setCurrentPrompt grounds the next turns', async () => {
  const c = new Conversation(options('chat', { currentPrompt: CURRENT }));
  assert.equal(c.retry(), null, 'nothing to retry yet');
  c.send('tighten the goal');
  await idle(c);
  c.setCurrentPrompt(DRAFT);
  assert.equal(c.getSnapshot().currentPrompt, DRAFT);
  const stream = c.retry();
  assert.notEqual(stream, null);
  const s = await idle(c);
  assert.deepEqual(s.turns.map((t) => t.instruction), ['tighten the goal', 'tighten the goal']);
  assert.notEqual(s.turns[0].id, s.turns[1].id);
  const last = server.of('chat').at(-1).json;
  assert.equal(last.instruction, 'tighten the goal');
  assert.equal(last.currentPrompt, DRAFT);
  // A per-turn override is for that turn only.
  c.send('once', { currentPrompt: '<prompt/>' });
  await idle(c);
  assert.equal(server.of('chat').at(-1).json.currentPrompt, '<prompt/>');
  c.send('after');
  await idle(c);
  assert.equal(server.of('chat').at(-1).json.currentPrompt, DRAFT);
  // retry() resends the last turn with the overrides it was sent with.
  c.send('with context', { variableContext: { firstName: 'Alex' }, assistedMode: true });
  await idle(c);
  c.retry();
  await idle(c);
  const [sent, resent] = server.of('chat').slice(-2).map((r) => r.json);
  assert.deepEqual([resent.instruction, resent.variableContext, resent.assistedMode], ['with context', { firstName: 'Alex' }, true]);
  assert.deepEqual(resent.variableContext, sent.variableContext);
});

test('snapshot identity: the same object until a change; unchanged turns keep theirs; at most one call per read', async () => {
  const c = new Conversation(options('chat'));
  const empty = c.getSnapshot();
  assert.equal(c.getSnapshot(), empty);
  c.send('one');
  await idle(c);
  const afterOne = c.getSnapshot();
  assert.notEqual(afterOne, empty);
  assert.equal(c.getSnapshot(), afterOne, 'no change, same object');
  const turnOne = afterOne.turns[0];
  const seen = [];
  const off = c.subscribe(() => seen.push(c.getSnapshot()));
  const stream = c.send('two');
  // The user may iterate the turn's stream too: it gets every event.
  const types = [];
  for await (const ev of stream) types.push(ev.type);
  await idle(c);
  off();
  assert.deepEqual(types, ['mode', 'assistant-delta', 'assistant-delta', 'done']);
  assert.ok(seen.length >= 2, `${seen.length} notifications`);
  for (const snapshot of seen) assert.equal(snapshot.turns[0], turnOne, 'the unchanged turn kept its object');
  const distinct = new Set(seen);
  assert.equal(distinct.size, seen.length, 'every notification is a change, with a new snapshot');
  const finalTwo = c.getSnapshot().turns[1];
  assert.equal(finalTwo.assistantText, 'Answer 2.'.replace('2', String(server.of('chat').at(-1).n)));
  assert.ok(Object.isFrozen(c.getSnapshot()) && Object.isFrozen(finalTwo));
  // The chunk reads of turn two: mode+delta, delta, done (the server writes one piece); the
  // notifications are at most the turn's patches (waiting, then one per read).
  assert.ok(seen.length <= 1 + 4, `${seen.length} notifications`);
});

test('the token never reaches the snapshot, and bad options are a TypeError', async () => {
  const c = new Conversation(options('chat'));
  c.send('x');
  const s = await idle(c);
  assert.ok(!JSON.stringify(s).includes('tok_conv_s3cret'));
  assert.throws(() => new Conversation({ baseUrl: 'http://h', assistedMode: 'yes' }), TypeError);
  assert.throws(() => c.send(5), TypeError);
  assert.throws(() => c.setCurrentPrompt(5), TypeError);
});
