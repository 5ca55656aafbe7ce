// The size table of scripts/build: `twiggy top` of the optimised module (names kept until
// wasm-bindgen strips them), summed by crate, largest first. Usage: node size-by-crate.mjs CSV [N]
// where CSV is `twiggy top -n 1000000 --format csv` output. Bytes are raw (before gzip).
import { readFileSync } from 'node:fs';

const [csvFile, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 12);

// One CSV record: a quoted field may hold commas and doubled quotes.
function fields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

// The crate an item belongs to: the first path segment of its (demangled) name, with generic
// wrappers (`<T as Trait>::f`, `&`, `dyn`) and rustc's crate hashes (`core[1a2b]`) removed.
function crateOf(name) {
  if (/^data segment/.test(name)) return '(data: strings, tables)';
  if (/^custom section|subsection|^export |^import |^table|^elem|^type\[|^global/.test(name)) {
    return null;
  }
  const m = name.replace(/^[<&\s]+|^(dyn|impl|mut)\s+/g, '').match(/^([A-Za-z_][A-Za-z0-9_]*)/);
  if (!m) return '(other)';
  const crate = m[1];
  // Methods on primitive types (`<str as Trait>::f`, `u8::f`) are core's.
  if (/^(str|bool|char|[iu](8|16|32|64|128|size)|f32|f64)$/.test(crate)) return 'core';
  if (name.includes('::')) return crate;
  // `#[wasm_bindgen]` exports keep their JS name and a hash, and hold the code inlined into them.
  if (/_[0-9a-f]{16}$/.test(name)) return 'prompt_assist (exports, with what is inlined)';
  // wasm-bindgen's generated shims and the linker's helpers have no crate path.
  return '(shims and helpers)';
}

const rows = readFileSync(csvFile, 'utf8').trim().split('\n').slice(1).map(fields);
const byCrate = new Map();
let total = 0;
for (const [name, size] of rows) {
  const crate = crateOf(name);
  if (crate === null) continue;
  const bytes = Number(size);
  total += bytes;
  byCrate.set(crate, (byCrate.get(crate) ?? 0) + bytes);
}
const sorted = [...byCrate].sort((a, b) => b[1] - a[1]);
console.error('    size by crate (raw bytes of code and data, twiggy top):');
for (const [crate, bytes] of sorted.slice(0, top)) {
  console.error(`      ${String(bytes).padStart(7)}  ${((100 * bytes) / total).toFixed(1).padStart(5)}%  ${crate}`);
}
const rest = sorted.slice(top).reduce((n, [, b]) => n + b, 0);
console.error(`      ${String(rest).padStart(7)}  ${((100 * rest) / total).toFixed(1).padStart(5)}%  (${sorted.length - Math.min(top, sorted.length)} more)`);
