// The benchmark of issue 12's table, in one run on one build: scripts/bench builds pkg/, saves
// scripts/build's output, and runs this file with that log's path. Each figure runs in a process
// of its own (a figure script beside this file prints one JSON line); the cold push and the
// memory figures need a fresh process each. Prints the table (figure, value, goal, verdict) with
// the date and the machine, and a last line counting the goals met. Writes every raw figure to
// target/bench/results.json.
//
// Exit status: 0 whatever the figures (a measurement, not a test); 1 when a figure could not be
// measured (its script failed, or a check before measuring did: the package's events differ from
// the plain reader's, the draft was not validated or diffed as generated).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { median, pkgDir, repoRoot } from './lib.mjs';

const COLD_PROCESSES = 21;
const here = path.join(repoRoot, 'tests', 'bench');
const started = performance.now();
const loadBefore = os.loadavg()[0];
const buildLog = process.argv[2];
if (!buildLog || !existsSync(buildLog)) {
  console.error('usage: node tests/bench/run.mjs BUILD_LOG (the output of scripts/build; scripts/bench gives it)');
  process.exit(2);
}

const log = (text) => process.stderr.write(`==> ${text}\n`);

/** Runs one figure script; its last stdout line is its JSON result. */
function figure(file, args = [], timeoutMs = 180_000) {
  log(`node tests/bench/${file} ${args.join(' ')}`.trim());
  const run = spawnSync(process.execPath, [path.join(here, file), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (run.status === 0) {
    const last = run.stdout.trim().split('\n').pop();
    try {
      return { result: JSON.parse(last) };
    } catch {
      return { error: `printed no result: ${last}` };
    }
  }
  const why = run.error?.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000} s` : `exit ${run.status}`;
  const message = (run.stderr.match(/^(?:\w*Error|AssertionError)[^\n]*$/m) ?? [run.stderr.trim().split('\n').pop()])[0];
  process.stderr.write(run.stderr);
  return { error: `${why}: ${message ?? 'no message'}` };
}

// Formatting ---------------------------------------------------------------------------------

const ms = (x) => `${x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2)} ms`;
const seconds = (x) => `${(x / 1000).toFixed(1)} s`;
const times = (x) => `${x >= 10 ? x.toFixed(1) : x.toFixed(2)}×`;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

const rows = [];
const raw = {};
let failures = 0;

/**
 * A row of the table. `goal` is null for a figure without one; `met` says whether the goal is
 * met, and `miss` is how the summary line names a goal not met.
 */
function row(name, value, goal = null, verdict = '', met = null, miss = '') {
  rows.push({ name, value, goal, verdict, met, miss });
}

function failed(names, error, short) {
  failures++;
  for (const [name, goal] of names) {
    row(name, `not measured: ${error}`, goal, 'not measured', goal ? false : null, `${short} not measured`);
  }
}

// 1. Size: what scripts/build prints (what a browser downloads: glue, entry, lifecycle and the
// inlined module, gzip -9), and its budget. A lite module's line is the one naming "lite".
{
  const text = readFileSync(buildLog, 'utf8');
  const totals = text.split('\n').filter((l) => /\btotal\b/.test(l) && /\d+ gzipped/.test(l));
  const parse = (line, budget) => ({
    bytes: Number(line.match(/(\d+) gzipped/)[1]),
    budget: Number(line.match(/budget (\d+)/)?.[1] ?? budget),
  });
  const sizeRow = (name, short, size) => {
    const ok = size.bytes <= size.budget;
    row(name, `${kib(size.bytes)} (${size.bytes} B)`, `≤ ${kib(size.budget)}`,
      ok ? 'met' : `over by ${kib(size.bytes - size.budget)}`, ok,
      `${short} ${kib(size.bytes)} > ${kib(size.budget)}`);
  };
  const mainLine = totals.find((l) => !/lite/i.test(l));
  if (mainLine) {
    raw.size = parse(mainLine, 150 * 1024);
    sizeRow('size: main module, wasm + JS glue, gzip -9', 'size', raw.size);
  } else {
    failed([['size: main module, wasm + JS glue, gzip -9', '≤ 150 KiB']], 'scripts/build printed no "total … gzipped" line', 'size');
  }
  const liteName = 'size: prompt-assist/lite, gzip -9';
  const liteLine = totals.find((l) => /lite/i.test(l));
  if (!existsSync(path.join(pkgDir, 'lite'))) {
    row(liteName, 'not built (no pkg/lite/)', '≤ 60.0 KiB', 'not built', false, 'lite not built');
  } else if (!liteLine) {
    row(liteName, 'pkg/lite/ exists, but scripts/build printed no lite total', '≤ 60.0 KiB', 'not measured', false,
      'lite size not printed by scripts/build');
  } else {
    raw.liteSize = parse(liteLine, 60 * 1024);
    sizeRow(liteName, 'lite', raw.liteSize);
  }
}

// 2. Stream.
{
  const name = 'stream: AssistantSession vs plain-JS NDJSON reader, 16 MiB in 4 KB chunks';
  const { result: s, error } = figure('stream.mjs');
  if (error) failed([[name, '≥ 1.0×']], error, 'stream');
  else {
    raw.stream = s;
    const ok = s.ratio >= 1;
    const fastest = Math.min(...s.times.plain) / Math.min(...s.times.package);
    row(name, `${s.packageMiBps.toFixed(1)} vs ${s.plainMiBps.toFixed(1)} MiB/s (median of ${s.rounds}; events identical)`,
      '≥ 1.0×', `${times(s.ratio)} (fastest runs ${times(fastest)})`, ok, `stream ${times(s.ratio)} < 1.0×`);
  }
}

// 3. Diff.
{
  const goals = { '10 KB': null, '100 KB': 5, '1 MB': 20 };
  const { result: d, error } = figure('diff.mjs', [], 300_000);
  if (error) {
    failed(Object.entries(goals).map(([label, goal]) => [`diff: ${label} pair`, goal ? `≥ ${goal}×` : null]), error, 'diff');
  } else {
    raw.diff = d;
    for (const s of d.sizes) {
      const goal = goals[s.label];
      const jsdiff = s.jsdiffTimedOut ? `> ${seconds(s.jsdiffMs)} (stopped)` : ms(s.jsdiffMs);
      const bound = s.jsdiffTimedOut ? '≥ ' : '';
      const ratio = `${bound}${times(s.ratio)}`;
      const fastest = Math.min(...s.times.jsdiff) / Math.min(...s.times.package);
      const ok = goal === null ? null : s.ratio >= goal;
      const runs = `median of ${s.times.package.length}/${s.times.jsdiff.length}`;
      row(`diff: diffPrompts + renderDiffHtml vs jsdiff diffWords + escaping, ${s.label} pair (${s.sections} sections)`,
        `${ms(s.packageMs)} vs ${jsdiff} (${runs}${s.granularity === 'word' ? '' : `; ${s.granularity} granularity`})`,
        goal === null ? null : `≥ ${goal}×`, `${ratio} (fastest runs ${bound}${times(fastest)})`, ok,
        `diff ${s.label} ${ratio} < ${goal}×`);
    }
    row('diff: scaling exponent of the package, 100 KB → 1 MB', d.exponent.toFixed(2), null, 'log(t1M/t100K)/log 10');
  }
}

// 4 and 5. Draft push, warm and cold.
{
  const name = 'draft push: 20 KB, ~140 sections, warm median (Node)';
  const { result: w, error } = figure('push.mjs', ['warm']);
  if (error) failed([[name, '≤ 2 ms']], error, 'warm push');
  else {
    raw.pushWarm = w;
    const ok = w.ms <= 2;
    row(name.replace('~140', String(w.sections)),
      `${ms(w.ms)} (p10 ${ms(w.p10)}, p90 ${ms(w.p90)}; ${w.pushes} pushes; ${kib(w.eventJsonBytes)} of event JSON)`,
      '≤ 2 ms', ok ? 'met' : times(w.ms / 2) + ' the goal', ok, `warm push ${ms(w.ms)} > 2 ms`);
  }
}
{
  const name = `draft push: the same, first in a fresh process (cold module), median of ${COLD_PROCESSES}`;
  const runs = [];
  let error;
  for (let i = 0; i < COLD_PROCESSES && !error; i++) {
    const one = figure('push.mjs', ['cold']);
    if (one.error) error = one.error;
    else runs.push(one.result.ms);
  }
  if (error) failed([[name, '≤ 15 ms']], error, 'cold push');
  else {
    raw.pushCold = runs;
    const m = median(runs);
    const ok = m <= 15;
    row(name, `${ms(m)} (${ms(Math.min(...runs))} to ${ms(Math.max(...runs))})`, '≤ 15 ms',
      ok ? 'met' : times(m / 15) + ' the goal', ok, `cold push ${ms(m)} > 15 ms`);
  }
}

// 6. Chromium.
{
  const name = 'Chromium, first draft: longest task around import + init() + first push';
  const { result: c, error } = figure('chromium.mjs');
  if (error) failed([[name, 'no task over 50 ms']], error, 'Chromium');
  else {
    raw.chromium = c;
    const ok = c.longestMs <= 50;
    const longest = (x) => (x === 0 ? 'no task over 50 ms' : ms(x));
    row(`${name}, median of ${c.pages} pages`,
      `${longest(c.longestMs)} (worst ${longest(c.worstMs)}); push ${ms(c.pushMs)}, init ${ms(c.initMs)}`,
      'no task over 50 ms', ok ? 'met' : 'not met', ok, `Chromium longest task ${ms(c.longestMs)} > 50 ms`);
  }
}

// 7. Memory, each in a fresh process.
for (const [mode, label, short] of [
  ['stream', 'a stream with one ~4 MB draft-ready line, 64 KB chunks', 'memory 4 MB'],
  ['draft', 'one ~100 KB draft-ready line', 'memory 100 KB'],
]) {
  const name = `wasm memory growth: ${label}`;
  const { result: m, error } = figure('memory.mjs', [mode]);
  if (error) failed([[name, '≤ 10×']], error, short);
  else {
    raw[`memory_${mode}`] = m;
    const ok = m.ratio <= 10;
    row(name, `${times(m.ratio)} the line (+${mib(m.growth)} for ${(m.lineBytes / 1e6).toFixed(2)} MB, ${m.sections} sections)`,
      '≤ 10×', ok ? 'met' : 'not met', ok, `${short} ${times(m.ratio)} > 10×`);
  }
}

// The table ----------------------------------------------------------------------------------

const git = (...args) => {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};
const cpu = (readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? 'unknown';
const version = JSON.parse(readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version;
const commit = git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--untracked-files=no') ? ' + uncommitted changes' : '');
const machine = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  node: process.version,
  cpu: `${cpu}, ${os.cpus().length} cores`,
  chromium: raw.chromium?.chromium ?? 'not run',
  package: `prompt-assist ${version} (${commit})`,
  // Other work on the machine makes every figure slower and noisier: the 1-minute load average
  // before and after the figures says how busy it was.
  load: `${loadBefore.toFixed(2)} before, ${os.loadavg()[0].toFixed(2)} after`,
};

const cell = (text) => String(text ?? '—').replaceAll('|', '\\|');
const out = [];
out.push(`prompt-assist benchmark, ${machine.date}`);
out.push(`${machine.package}; node ${machine.node}; Chromium ${machine.chromium}`);
out.push(`CPU ${machine.cpu}; load average ${machine.load}`);
if (Math.max(loadBefore, os.loadavg()[0]) > os.cpus().length) {
  out.push('The machine was busy (a load average above its number of cores): the times are slower and noisier than on an idle machine.');
}
out.push('');
out.push('| figure | value | goal | ratio/verdict |');
out.push('| --- | --- | --- | --- |');
for (const r of rows) out.push(`| ${cell(r.name)} | ${cell(r.value)} | ${cell(r.goal)} | ${cell(r.verdict)} |`);
out.push('');
const goals = rows.filter((r) => r.goal !== null);
const missed = goals.filter((r) => !r.met);
out.push(`took ${((performance.now() - started) / 1000).toFixed(0)} s after the build; raw figures in target/bench/results.json`);
const misses = missed.length ? ` (${missed.map((r) => r.miss).join('; ')})` : '';
out.push(`bench: ${goals.length - missed.length} of ${goals.length} goals met${misses}`);
console.log(out.join('\n'));

mkdirSync(path.join(repoRoot, 'target', 'bench'), { recursive: true });
writeFileSync(path.join(repoRoot, 'target', 'bench', 'results.json'), JSON.stringify({ machine, rows, raw }, null, 2) + '\n');
process.exit(failures ? 1 : 0);
