// streamPromptAssistant against a local server, through the installed package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import init, { streamPromptAssistant } from 'prompt-assist';
import { startServer, writePieces, ndjson, sleep, ENDPOINT } from './server.mjs';

const TOKEN = 'tok_S3CRET-abc.123';
const DRAFT = '<prompt><goal>Help @firstName</goal></prompt>';
const HAPPY = [
  { type: 'mode', mode: 'draft', label: 'Drafting' },
  { type: 'status', label: 'Thinking', section: 'goal' },
  { type: 'reasoning-delta', delta: 'Consider… ü' },
  { type: 'assistant-delta', delta: 'Here is 😀 a draft', ignored: true },
  { type: 'draft-ready', prompt: DRAFT, section: 'goal' },
  { type: 'done' },
];
const HAPPY_BYTES = Buffer.from(ndjson(...HAPPY));

/** The happy stream cut at awkward places: mid-line, mid-key, inside the emoji's UTF-8. */
function awkwardPieces(bytes) {
  const emoji = bytes.indexOf(Buffer.from('😀'));
  const cuts = [3, 17, 40, emoji + 1, emoji + 3, bytes.length - 3];
  const out = [];
  let at = 0;
  for (const c of cuts) {
    out.push(bytes.subarray(at, c));
    at = c;
  }
  out.push(bytes.subarray(at));
  return out;
}

/** Never ends on its own: a delta every 30 ms. */
async function endless(req, res) {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  res.write(ndjson({ type: 'mode', mode: 'chat' }));
  for (let i = 0; !res.destroyed && i < 1000; i++) {
    res.write(ndjson({ type: 'assistant-delta', delta: `d${i} ` }));
    await sleep(30);
  }
}

let server;
let closedPort;

before(async () => {
  await init();
  server = await startServer({
    happy: (req, res) => writePieces(res, awkwardPieces(HAPPY_BYTES), 15),
    bytewise: (req, res) => writePieces(res, [...HAPPY_BYTES].map((b) => Buffer.from([b])), 0),
    unauthorized: (req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `token ${TOKEN} has expired` }));
    },
    forbidden: (req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'no access to the assistant' }));
    },
    missing: (req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'no such endpoint' }));
    },
    'rate-then-ok': (req, res, ctx) => {
      if (ctx.n === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'slow down' }));
      }
      return writePieces(res, [HAPPY_BYTES]);
    },
    // 429 on every odd request: each pair of requests is one retried stream.
    'rate-odd': (req, res, ctx) => {
      if (ctx.n % 2 === 1) {
        res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
        return res.end(JSON.stringify({ message: 'slow down' }));
      }
      return writePieces(res, [HAPPY_BYTES]);
    },
    'rate-always': (req, res) => {
      res.writeHead(429, { 'retry-after': '1', 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'slow down' }));
    },
    'unavailable-slow-retry': (req, res) => {
      res.writeHead(503, { 'retry-after': '5' });
      res.end();
    },
    'rate-date': (req, res) => {
      const date = new Date(Date.now() + 5000).toUTCString();
      res.writeHead(429, { 'retry-after': date });
      res.end();
    },
    html500: (req, res) => {
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end(`<html><body><h1>Internal Server Error</h1>${TOKEN}</body></html>`);
    },
    'unavailable-twice': (req, res, ctx) => {
      if (ctx.n <= 2) {
        res.writeHead(503);
        return res.end();
      }
      return writePieces(res, [HAPPY_BYTES]);
    },
    'stall-body': async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjson({ type: 'mode', mode: 'chat' }));
      await sleep(5000);
      res.end();
    },
    'stall-headers': async (req, res) => {
      await sleep(5000);
      res.end();
    },
    'no-done': (req, res) =>
      writePieces(res, [ndjson({ type: 'mode', mode: 'chat' }, { type: 'assistant-delta', delta: 'hi' })]).then(() =>
        res.end(),
      ),
    endless,
    'burst-then-open': (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      const deltas = ['a', 'b', 'c'].map((delta) => ({ type: 'assistant-delta', delta }));
      res.write(ndjson({ type: 'mode', mode: 'chat' }, ...deltas));
      // Open until the client lets go.
      return new Promise((resolve) => res.on('close', resolve));
    },
    'open-after-done': async (req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write(ndjson({ type: 'mode', mode: 'chat' }, { type: 'assistant-delta', delta: 'ok' }, { type: 'done' }));
      await sleep(10_000); // keeps the connection open
      res.end();
    },
    'error-then-done': (req, res) =>
      writePieces(res, [
        ndjson({ type: 'mode', mode: 'chat' }, { type: 'error', error: 'model overloaded', code: 'overloaded' }),
        'not json\n',
        ndjson({ type: 'done' }),
      ]).then(() => res.end()),
    // A careless server that echoes the bearer token back in everything it sends.
    echo: (req, res) => {
      const token = req.headers.authorization.replace('Bearer ', '');
      writePieces(res, [
        ndjson(
          { type: 'mode', mode: 'chat', label: `hi ${token}` },
          { type: 'assistant-delta', delta: `your token is ${token}` },
          { type: 'x-debug', headers: { authorization: `Bearer ${token}` }, echo: [token] },
          { type: 'status', label: token },
          { type: 'assistant-delta', delta: 5, echo: token },
          { type: 'error', message: `bad token ${token}` },
          { type: 'done' },
        ),
      ]).then(() => res.end());
    },
    'setup-then-eof': (req, res) =>
      writePieces(res, [ndjson({ type: 'ai-setup-required', provider: 'openai', reason: 'no-key' })]).then(() =>
        res.end(),
      ),
  });
  const probe = await startServer({});
  closedPort = new URL(probe.url).port;
  await probe.close();
});

after(() => server.close());

const opts = (scenario, extra = {}) => ({ baseUrl: `${server.url}/${scenario}`, token: TOKEN, ...extra });
const request = (extra = {}) => ({ instruction: 'Write a greeting prompt', ...extra });

/** Drains a stream; checks that the token appears in no event and no snapshot. */
async function collect(stream, { stopAfter } = {}) {
  const events = [];
  const snapshots = [JSON.stringify(stream.snapshot())];
  for await (const ev of stream) {
    events.push(ev);
    snapshots.push(JSON.stringify(stream.snapshot()));
    if (stopAfter !== undefined && events.length >= stopAfter) break;
  }
  const snapshot = stream.snapshot();
  snapshots.push(JSON.stringify(snapshot));
  assertNoToken(events, snapshots);
  return { events, snapshot };
}

function assertNoToken(events, snapshots) {
  const all = JSON.stringify(events) + snapshots.join('');
  assert.ok(!all.includes(TOKEN), 'the token leaked into an event or a snapshot');
  assert.ok(!all.includes('S3CRET'), 'part of the token leaked');
}

const types = (events) => events.map((e) => e.type);

/** The connection closes within `ms` on the server side. */
async function closesWithin(record, ms) {
  const result = await Promise.race([record.closed, sleep(ms).then(() => false)]);
  assert.equal(result, true, `the server did not see the connection close within ${ms} ms`);
}

test('happy draft stream in slow awkward chunks: method, path, headers, sanitised body, events', async () => {
  const stream = streamPromptAssistant(
    request({
      currentPrompt: '<prompt><goal>Old</goal></prompt>',
      conversationHistory: [
        { role: 'user', content: 'hi', extra: 'dropped' },
        { role: 'system', content: 'dropped' },
        { role: 'assistant', content: '' },
        'dropped',
        { role: 'assistant', content: 42 },
        { role: 'assistant', content: 'hello' },
      ],
      variableContext: { firstName: 'Alex' },
      assistedMode: true,
      modelOverride: { provider: 'openai', model: 'gpt-x' },
      somethingElse: 'dropped',
    }),
    opts('happy', { headers: { 'X-Trace-Id': 'abc' } }),
  );
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(types(events), ['mode', 'status', 'reasoning-delta', 'assistant-delta', 'draft-ready', 'done']);
  assert.deepEqual(events.slice(0, 4), [
    { type: 'mode', mode: 'draft', label: 'Drafting' },
    { type: 'status', label: 'Thinking', section: 'goal' },
    { type: 'reasoning-delta', delta: 'Consider… ü' },
    { type: 'assistant-delta', delta: 'Here is 😀 a draft' },
  ]);
  const draft = events[4];
  assert.equal(draft.prompt, DRAFT);
  assert.equal(draft.section, 'goal');
  assert.equal(typeof draft.validation.ok, 'boolean');
  assert.ok(Array.isArray(draft.diff.ops));
  assert.equal(snapshot.phase, 'done');
  assert.equal(snapshot.mode, 'draft');
  assert.equal(snapshot.assistantText, 'Here is 😀 a draft');
  assert.equal(snapshot.draft.prompt, DRAFT);
  assert.equal(snapshot.events, 6);

  const [req] = server.of('happy');
  assert.equal(server.of('happy').length, 1);
  assert.equal(req.method, 'POST');
  assert.equal(req.path, ENDPOINT);
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(req.headers['content-type'], 'application/json');
  assert.equal(req.headers.accept, 'application/x-ndjson');
  assert.equal(req.headers['x-trace-id'], 'abc');
  assert.deepEqual(req.json, {
    instruction: 'Write a greeting prompt',
    currentPrompt: '<prompt><goal>Old</goal></prompt>',
    conversationHistory: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ],
    variableContext: { firstName: 'Alex' },
    assistedMode: true,
    modelOverride: { provider: 'openai', model: 'gpt-x' },
  });
  await closesWithin(req, 2000);
});

test('a token the server echoes back is scrubbed from every event and snapshot', async () => {
  // collect() asserts that the token is in no event and no snapshot.
  const { events, snapshot } = await collect(streamPromptAssistant(request(), opts('echo')));
  assert.deepEqual(
    events.map((e) => e.type),
    ['mode', 'assistant-delta', 'unknown', 'status', 'warning', 'error', 'done'],
  );
  assert.equal(events[1].delta, 'your token is [redacted]');
  assert.equal(events[5].message, 'bad token [redacted]');
  assert.deepEqual(events[2].data.echo, ['[redacted]']);
  assert.equal(events[2].data.headers.authorization, 'Bearer [redacted]');
  assert.equal(snapshot.assistantText, 'your token is [redacted]');
});

test('1-byte chunks give the same events', async () => {
  const whole = await collect(streamPromptAssistant(request(), opts('happy')));
  const bytewise = await collect(streamPromptAssistant(request(), opts('bytewise')));
  assert.deepEqual(bytewise.events, whole.events);
  assert.equal(bytewise.snapshot.phase, 'done');
});

test('without a token no Authorization header is sent', async () => {
  const { events } = await collect(streamPromptAssistant(request(), { baseUrl: `${server.url}/happy/` }));
  assert.equal(events.at(-1).type, 'done');
  const req = server.of('happy').at(-1);
  assert.equal(req.headers.authorization, undefined);
  assert.equal(req.path, ENDPOINT, 'a trailing slash on baseUrl is not doubled');
  // Not even one smuggled in through options.headers: Authorization comes from `token` alone.
  await collect(
    streamPromptAssistant(request(), { baseUrl: `${server.url}/happy`, headers: { authorization: 'Bearer zzz', 'x-trace': '7' } }),
  );
  const smuggled = server.of('happy').at(-1);
  assert.equal(smuggled.headers.authorization, undefined);
  assert.equal(smuggled.headers['x-trace'], '7');
});

test('a baseUrl with a scheme other than http(s) is invalid-request, nothing retried', async () => {
  const { events } = await collect(streamPromptAssistant(request(), { baseUrl: 'ftp://127.0.0.1:1', token: TOKEN }));
  assert.deepEqual(events.map((e) => [e.type, e.source, e.code]), [['error', 'request', 'invalid-request']]);
});

test('a bad request sends nothing and yields one invalid-request error', async () => {
  const before = server.requests.length;
  const cases = [
    [request({ instruction: '' }), opts('happy')],
    [request({ instruction: '  \n\t ' }), opts('happy')],
    [request({ instruction: 42 }), opts('happy')],
    [{}, opts('happy')],
    [request({ conversationHistory: { role: 'user', content: 'x' } }), opts('happy')],
    [request(), { token: TOKEN }],
    [request(), undefined],
    [request(), opts('happy', { idleTimeoutMs: -5 })],
    [request(), opts('happy', { token: `${TOKEN}\n` })],
    [request(), opts('happy', { signal: {} })],
    [request({ assistedMode: 'yes' }), opts('happy')],
  ];
  for (const [req, o] of cases) {
    const { events, snapshot } = await collect(streamPromptAssistant(req, o));
    assert.equal(events.length, 1, JSON.stringify(req));
    assert.equal(events[0].type, 'error');
    assert.equal(events[0].source, 'request');
    assert.equal(events[0].code, 'invalid-request');
    assert.equal(typeof events[0].message, 'string');
    assert.equal(snapshot.phase, 'error');
  }
  await sleep(50);
  assert.equal(server.requests.length, before, 'a request was sent');
});

for (const [scenario, status, code, message] of [
  ['unauthorized', 401, 'unauthorized', 'HTTP 401 Unauthorized: "token [redacted] has expired".'],
  ['forbidden', 403, 'forbidden', 'HTTP 403 Forbidden: "no access to the assistant".'],
  ['missing', 404, 'not-found', 'HTTP 404 Not Found: "no such endpoint".'],
]) {
  test(`HTTP ${status} with a JSON message: ${code}, not retried`, async () => {
    const { events, snapshot } = await collect(streamPromptAssistant(request(), opts(scenario)));
    // API.md §5 (0.2): the message names the request's origin and path, then what the server said.
    const endpoint = `${server.url}/${scenario}/api/ai/prompt-assistant/stream`;
    assert.deepEqual(events, [{ type: 'error', source: 'http', code, message: `${endpoint} answered ${message}`, status }]);
    assert.equal(snapshot.phase, 'error');
    assert.deepEqual(snapshot.error, events[0]);
    assert.equal(server.of(scenario).length, 1);
  });
}

test('429 with Retry-After is retried after that delay, then succeeds', async () => {
  const t0 = Date.now();
  const { events } = await collect(streamPromptAssistant(request(), opts('rate-then-ok')));
  assert.equal(events.at(-1).type, 'done');
  assert.ok(!types(events).includes('error'));
  // API.md §5 (0.2): announced by a retry event with its delay.
  assert.deepEqual(events[0], { type: 'retry', attempt: 1, delayMs: 1000, code: 'rate-limited', status: 429 });
  const reqs = server.of('rate-then-ok');
  assert.equal(reqs.length, 2);
  assert.ok(Date.now() - t0 >= 950, 'Retry-After: 1 was not honoured');
});

test('429 with maxRetries: 0 ends with rate-limited and retryAfterMs', async () => {
  const { events } = await collect(streamPromptAssistant(request(), opts('rate-always', { maxRetries: 0 })));
  assert.deepEqual(events, [
    {
      type: 'error',
      source: 'http',
      code: 'rate-limited',
      message: `${server.url}/rate-always/api/ai/prompt-assistant/stream answered HTTP 429 Too Many Requests: "slow down".`,
      status: 429,
      retryAfterMs: 1000,
    },
  ]);
  assert.equal(server.of('rate-always').length, 1);
});

test('429 with an HTTP-date Retry-After and maxRetries: 0', async () => {
  const { events } = await collect(streamPromptAssistant(request(), opts('rate-date', { maxRetries: 0 })));
  assert.equal(events.length, 1);
  assert.equal(events[0].code, 'rate-limited');
  assert.ok(events[0].retryAfterMs > 3000 && events[0].retryAfterMs <= 5000, String(events[0].retryAfterMs));
  assert.equal(server.of('rate-date').length, 1);
});

test('500 with an HTML body: retried twice, then server-error with a generic message', async () => {
  const { events } = await collect(streamPromptAssistant(request(), opts('html500')));
  assert.deepEqual(types(events), ['retry', 'retry', 'error']);
  assert.deepEqual(events.slice(0, 2).map((r) => [r.attempt, r.code, r.status]), [[1, 'server-error', 500], [2, 'server-error', 500]]);
  const e = events[2];
  assert.equal(e.code, 'server-error');
  assert.equal(e.source, 'http');
  assert.equal(e.status, 500);
  assert.ok(!e.message.includes('<'), e.message);
  assert.equal(server.of('html500').length, 3);
});

test('503 twice then success', async () => {
  const { events, snapshot } = await collect(streamPromptAssistant(request(), opts('unavailable-twice')));
  assert.deepEqual(types(events), ['retry', 'retry', ...types(HAPPY)]);
  assert.equal(snapshot.phase, 'done');
  assert.equal(server.of('unavailable-twice').length, 3);
});

test('connection refused: network-error after the retries', async () => {
  const stream = streamPromptAssistant(request(), { baseUrl: `http://127.0.0.1:${closedPort}`, token: TOKEN, maxRetries: 1 });
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(types(events), ['retry', 'error']);
  assert.deepEqual([events[0].attempt, events[0].code], [1, 'network-error']);
  assert.equal(events[1].source, 'network');
  assert.equal(events[1].code, 'network-error');
  // API.md §5 (0.2): the origin, the path and the cause, never the token.
  assert.equal(
    events[1].message,
    `Could not reach http://127.0.0.1:${closedPort}/api/ai/prompt-assistant/stream: the connection was refused (is the server running?).`,
  );
  assert.equal(snapshot.phase, 'error');
});

test('a stall mid-body ends with idle-timeout and closes the connection', async () => {
  const t0 = Date.now();
  const { events } = await collect(streamPromptAssistant(request(), opts('stall-body', { idleTimeoutMs: 250 })));
  assert.deepEqual(types(events), ['mode', 'error']);
  assert.equal(events[1].code, 'idle-timeout');
  assert.equal(events[1].source, 'timeout');
  assert.ok(Date.now() - t0 < 2000);
  const reqs = server.of('stall-body');
  assert.equal(reqs.length, 1);
  await closesWithin(reqs[0], 1000);
});

test('the idle timeout covers waiting for the response headers', async () => {
  const t0 = Date.now();
  const { events } = await collect(streamPromptAssistant(request(), opts('stall-headers', { idleTimeoutMs: 250 })));
  assert.deepEqual(events.map((e) => e.code), ['idle-timeout']);
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(server.of('stall-headers').length, 1, 'a timeout is not retried');
  await closesWithin(server.of('stall-headers')[0], 1000);
});

test('an end without done: incomplete-stream, exactly one request', async () => {
  const { events, snapshot } = await collect(streamPromptAssistant(request(), opts('no-done')));
  assert.deepEqual(types(events), ['mode', 'assistant-delta', 'error']);
  assert.equal(events[2].code, 'incomplete-stream');
  assert.equal(events[2].source, 'protocol');
  assert.equal(snapshot.phase, 'error');
  assert.equal(server.of('no-done').length, 1);
});

async function abortCase(how) {
  const controller = new AbortController();
  const stream = streamPromptAssistant(request(), opts('endless', { signal: controller.signal }));
  const seen = server.of('endless').length;
  const events = [];
  for await (const ev of stream) {
    events.push(ev);
    if (events.length === 3) {
      if (how === 'signal') controller.abort();
      if (how === 'abort') stream.abort();
      if (how === 'break') break;
    }
  }
  const snapshot = stream.snapshot();
  assertNoToken(events, [JSON.stringify(snapshot)]);
  assert.ok(events.length <= 4, `events kept coming after the abort (${events.length})`);
  assert.ok(!types(events).includes('error'), 'an abort yields no error');
  assert.equal(snapshot.phase, 'aborted');
  const reqs = server.of('endless');
  assert.equal(reqs.length, seen + 1);
  await closesWithin(reqs.at(-1), 1000);
  // The iterator stays finished.
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
}

test('abort by options.signal cancels the request', () => abortCase('signal'));
test('abort by stream.abort() cancels the request', () => abortCase('abort'));
test('leaving a for-await early cancels the request', () => abortCase('break'));

test('an abort during a Retry-After wait ends the stream at once, without an error', async () => {
  const controller = new AbortController();
  const stream = streamPromptAssistant(request(), opts('unavailable-slow-retry', { signal: controller.signal }));
  setTimeout(() => controller.abort(), 300);
  const t0 = Date.now();
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(types(events), ['retry'], 'the retry was announced, then nothing');
  assert.equal(events[0].delayMs, 5000);
  assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
  assert.equal(snapshot.phase, 'aborted');
  await sleep(100);
  assert.equal(server.of('unavailable-slow-retry').length, 1);
});

test('an abort while waiting for the response headers closes the connection', async () => {
  const before = server.of('stall-headers').length;
  const stream = streamPromptAssistant(request(), opts('stall-headers'));
  setTimeout(() => stream.abort(), 200);
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(events, []);
  assert.equal(snapshot.phase, 'aborted');
  const reqs = server.of('stall-headers');
  assert.equal(reqs.length, before + 1);
  await closesWithin(reqs.at(-1), 1000);
});

test('return() while a next() is pending: both settle, the connection closes', async () => {
  const stream = streamPromptAssistant(request(), opts('stall-body'));
  const first = await stream.next();
  assert.equal(first.value.type, 'mode');
  const pending = stream.next(); // waits on the stalled body
  await sleep(50);
  assert.deepEqual(await stream.return(), { value: undefined, done: true });
  assert.deepEqual(await pending, { value: undefined, done: true });
  assert.equal(stream.snapshot().phase, 'aborted');
  await closesWithin(server.of('stall-body').at(-1), 1000);
});

test('an already-aborted signal sends nothing', async () => {
  const before = server.requests.length;
  const stream = streamPromptAssistant(request(), opts('happy', { signal: AbortSignal.abort() }));
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(events, []);
  assert.equal(snapshot.phase, 'aborted');
  await sleep(50);
  assert.equal(server.requests.length, before);
});

test('after done the loop ends promptly although the server keeps the connection open', async () => {
  const t0 = Date.now();
  const stream = streamPromptAssistant(request(), opts('open-after-done'));
  const { events, snapshot } = await collect(stream);
  assert.deepEqual(types(events), ['mode', 'assistant-delta', 'done']);
  assert.ok(Date.now() - t0 < 1500, 'the loop waited for the server');
  assert.equal(snapshot.phase, 'done');
  stream.abort(); // harmless after the end
  assert.equal(stream.snapshot().phase, 'done');
  await closesWithin(server.of('open-after-done')[0], 1000);
});

test('after a server error it reads on until done; warnings in any phase', async () => {
  const { events, snapshot } = await collect(streamPromptAssistant(request(), opts('error-then-done')));
  assert.deepEqual(types(events), ['mode', 'error', 'warning', 'done']);
  assert.deepEqual(events[1], { type: 'error', source: 'server', code: 'overloaded', message: 'model overloaded' });
  assert.equal(events[2].code, 'malformed-line');
  assert.equal(events[2].line, 3);
  assert.equal(snapshot.phase, 'error');
});

test('ai-setup-required then the end of the body is not incomplete', async () => {
  const { events, snapshot } = await collect(streamPromptAssistant(request(), opts('setup-then-eof')));
  assert.deepEqual(events, [{ type: 'ai-setup-required', provider: 'openai', reason: 'no-key' }]);
  assert.equal(snapshot.phase, 'setup-required');
  assert.equal(snapshot.setup.provider, 'openai');
});

test('calls to next() are served in order', async () => {
  const stream = streamPromptAssistant(request(), opts('happy'));
  const results = await Promise.all(Array.from({ length: 8 }, () => stream.next()));
  assert.deepEqual(
    results.map((r) => (r.done ? 'END' : r.value.type)),
    [...types(HAPPY), 'END', 'END'],
  );
  assert.equal(typeof stream[Symbol.asyncIterator], 'function');
  assert.equal(stream[Symbol.asyncIterator](), stream);
});

// A stream left early used to leak: `abort()` and `return()` create an `AbortError` whose stack
// trace holds the stream object (the receiver of the frame), and the stream kept its controller,
// whose signal's `reason` is that error. The cycle ran through the wasm externref table, so the
// stream object was never collected and its Rust state (about 800 bytes) never freed.
test('streams left early (break, abort(), options.signal) are freed: wasm memory does not grow', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc');
  // The glue is not in the package's `exports`: reach it by path. It must be the very module
  // instance the package entry loaded, or the memory measured would be another one's.
  // (The package's exports wrap the functions with the before-init() check, so compare what they
  // return: a stream of that stream.js's class, which imports that glue.)
  const streamModule = await import(new URL('./node_modules/prompt-assist/stream.js', import.meta.url).href);
  const glue = await import(new URL('./node_modules/prompt-assist/prompt_assist.js', import.meta.url).href);
  const probe = streamPromptAssistant({ instruction: ' ' }, { baseUrl: 'http://127.0.0.1:9' });
  assert.ok(probe instanceof streamModule.PromptAssistantStream, 'not the module instance the package loaded');
  probe.free();
  const { memory } = glue.initSync();

  let collected = 0;
  const registry = new FinalizationRegistry((measured) => (collected += measured ? 1 : 0));
  const HOW = ['break', 'abort', 'signal'];
  const leaveEarly = async (i, measured) => {
    const how = HOW[i % HOW.length];
    const controller = new AbortController();
    const extra = how === 'signal' ? { signal: controller.signal } : {};
    const stream = streamPromptAssistant(request(), opts('burst-then-open', extra));
    registry.register(stream, measured);
    let n = 0;
    for await (const ev of stream) {
      void ev;
      if (++n < 2) continue;
      if (how === 'break') break;
      if (how === 'abort') stream.abort();
      if (how === 'signal') controller.abort();
    }
    assert.equal(stream.snapshot().phase, 'aborted');
  };
  const collect = async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(20);
      gc();
    }
    await sleep(20);
  };

  for (let i = 0; i < 30; i++) await leaveEarly(i, false);
  await collect();
  const PAGE = 64 * 1024;
  const start = memory.buffer.byteLength;
  const N = 450; // ~5 pages if each stream leaked its state
  for (let i = 0; i < N; i++) {
    await leaveEarly(i, true);
    if (i % 50 === 49) await collect();
  }
  await collect();
  const growth = (memory.buffer.byteLength - start) / PAGE;
  const figures = `${collected} of ${N} streams garbage-collected, wasm memory +${growth} pages`;
  assert.ok(growth <= 2, figures);
  assert.ok(collected >= N * 0.9, figures);
});

// The transport options of API.md §5 (0.2) -------------------------------------------------------

test('a custom fetch is used, and can add a header', async () => {
  let calls = 0;
  const myFetch = (url, init) => {
    calls++;
    const headers = new Headers(init.headers);
    headers.set('X-Custom', 'from-my-fetch');
    return fetch(url, { ...init, headers });
  };
  const { events } = await collect(streamPromptAssistant(request(), opts('happy', { fetch: myFetch })));
  assert.equal(events.at(-1).type, 'done');
  assert.equal(calls, 1);
  const [req] = server.of('happy').slice(-1);
  assert.equal(req.headers['x-custom'], 'from-my-fetch');
  assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
});

test('credentials is passed to fetch (default same-origin); a bad value is invalid-request', async () => {
  const seen = [];
  const spy = (url, init) => {
    seen.push(init.credentials);
    return fetch(url, init);
  };
  await collect(streamPromptAssistant(request(), opts('happy', { fetch: spy })));
  await collect(streamPromptAssistant(request(), opts('happy', { fetch: spy, credentials: 'include' })));
  assert.deepEqual(seen, ['same-origin', 'include']);
  const before = server.requests.length;
  const { events } = await collect(streamPromptAssistant(request(), opts('happy', { fetch: spy, credentials: 'always' })));
  assert.deepEqual(events.map((e) => e.code), ['invalid-request']);
  assert.match(events[0].message, /"options\.credentials" must be "omit", "same-origin" or "include"/);
  assert.equal(server.requests.length, before);
});

test('headers may be a Headers object or an array of pairs; Authorization comes from token alone', async () => {
  for (const headers of [
    new Headers({ 'X-Trace-Id': 'h1', Authorization: 'Bearer other' }),
    [['X-Trace-Id', 'h1'], ['authorization', 'Bearer other']],
  ]) {
    await collect(streamPromptAssistant(request(), opts('happy', { headers })));
    const [req] = server.of('happy').slice(-1);
    assert.equal(req.headers['x-trace-id'], 'h1');
    assert.equal(req.headers.authorization, `Bearer ${TOKEN}`);
  }
  const { events } = await collect(streamPromptAssistant(request(), opts('happy', { headers: [['X-A']] })));
  assert.deepEqual(events.map((e) => e.code), ['invalid-request']);
});

test('a non-function fetch and a non-AbortSignal signal are invalid-request, nothing sent', async () => {
  const before = server.requests.length;
  for (const extra of [{ fetch: 'fetch' }, { signal: { aborted: 'no' } }]) {
    const { events } = await collect(streamPromptAssistant(request(), opts('happy', extra)));
    assert.deepEqual(events.map((e) => [e.code, e.source]), [['invalid-request', 'request']]);
    assert.doesNotMatch(events[0].message, /`/);
  }
  assert.equal(server.requests.length, before);
});

test('a baseUrl that already ends in the endpoint path is invalid-request that says so', async () => {
  const before = server.requests.length;
  const { events } = await collect(
    streamPromptAssistant(request(), { baseUrl: `${server.url}/happy/api/ai/prompt-assistant/stream`, token: TOKEN }),
  );
  assert.deepEqual(events.map((e) => e.code), ['invalid-request']);
  assert.match(events[0].message, /already ends in "\/api\/ai\/prompt-assistant\/stream"/);
  assert.equal(server.requests.length, before);
});

test('the retry event says when: a 429 with Retry-After: 1 waits 1000 ms after the event', async () => {
  const stream = streamPromptAssistant(request(), opts('rate-odd'));
  const first = await stream.next();
  const t0 = Date.now();
  assert.deepEqual(first.value, { type: 'retry', attempt: 1, delayMs: 1000, code: 'rate-limited', status: 429 });
  assert.equal(stream.snapshot().phase, 'streaming', 'a retry does not end the stream');
  const second = await stream.next();
  assert.ok(Date.now() - t0 >= 950, `the next attempt came after ${Date.now() - t0} ms`);
  assert.equal(second.value.type, 'mode');
  for await (const ev of stream) void ev;
  assert.equal(stream.snapshot().events, 1 + HAPPY.length, 'the retry event is counted');
});
