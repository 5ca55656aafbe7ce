// Docs on hover, and a README that stands on its own, checked on the installed package:
// - every declaration and every member of every .d.ts the package ships (found from its
//   package.json, so a new entry is covered) has a doc comment, each string-union type's doc
//   names each of its members, and the main functions carry an @example;
// - no shipped .d.ts and not the README point to a file the package does not ship;
// - the README's ts and js code blocks compile with `tsc --strict` against the package, and
//   none uses top-level await.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageDir, shippedDts } from './package-dts.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dev = process.env.PA_DEV_MODULES ?? path.join(here, 'node_modules');
const tsc = path.join(dev, 'typescript', 'bin', 'tsc');
const ts = createRequire(path.join(dev, 'noop.js'))('typescript');

// The functions and classes a new user reaches for first: each needs an @example.
const MAIN = new Set([
  'init',
  'validateDraft',
  'diffPrompts',
  'renderDiffHtml',
  'mergeDraft',
  'completeVariables',
  'replay',
  'streamPromptAssistant',
  'AssistantSession',
  'Conversation',
  'useConversation',
]);

// Text that points into the repository or to a document the package does not ship.
const ELSEWHERE = [
  /API\.md/,
  /§/,
  /STYLE\.md/,
  /README-demo/,
  // This repository's own paths (a user's `src/main.js` is fine).
  /\bsrc\/(?:lib\.rs|protocol|session|wasm|diff|validate|variables|transport|conversation|json|stream)\b/,
  /\b(?:tests\/(?:js|common|fixtures)|scripts\/(?:build|test|setup|bench)|pkg-template|www\/|benches\/|fuzz\/)/,
  /\b[\w/-]+\.rs\b/,
];

const files = shippedDts();

function parse(file) {
  return ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The doc comment of a node (its JSDoc text and tags), or '' when it has none. */
function docOf(node) {
  const docs = ts.getJSDocCommentsAndTags(node).filter((d) => ts.isJSDoc(d));
  return docs
    .map((d) => {
      const comment = typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join('');
      const tags = (d.tags ?? []).map((t) => `@${t.tagName.text} ${typeof t.comment === 'string' ? t.comment : ''}`);
      return [comment, ...tags].join('\n');
    })
    .join('\n')
    .trim();
}

function nameOf(node, source) {
  if (ts.isConstructorDeclaration(node) || ts.isConstructSignatureDeclaration(node)) return 'constructor';
  if (ts.isCallSignatureDeclaration(node)) return '(call)';
  if (ts.isIndexSignatureDeclaration(node)) return '[index]';
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText(source)).join(', ');
  if (ts.isModuleDeclaration(node)) return `declare ${node.name.getText(source)}`;
  return node.name?.getText(source) ?? ts.SyntaxKind[node.kind];
}

const DECLARATION = (n) =>
  ts.isFunctionDeclaration(n) ||
  ts.isClassDeclaration(n) ||
  ts.isInterfaceDeclaration(n) ||
  ts.isTypeAliasDeclaration(n) ||
  ts.isEnumDeclaration(n) ||
  ts.isVariableStatement(n) ||
  ts.isModuleDeclaration(n);

const MEMBER = (n) =>
  ts.isPropertySignature(n) ||
  ts.isMethodSignature(n) ||
  ts.isPropertyDeclaration(n) ||
  ts.isMethodDeclaration(n) ||
  ts.isConstructorDeclaration(n) ||
  ts.isConstructSignatureDeclaration(n) ||
  ts.isCallSignatureDeclaration(n) ||
  ts.isIndexSignatureDeclaration(n) ||
  ts.isGetAccessorDeclaration(n) ||
  ts.isSetAccessorDeclaration(n) ||
  ts.isEnumMember(n);

/** Every declaration and member of `file` with its dotted name and its doc comment. */
function declarations(file) {
  const source = parse(file);
  const out = [];
  const visit = (node, owner) => {
    let name = owner;
    if (DECLARATION(node) || MEMBER(node)) {
      name = owner ? `${owner}.${nameOf(node, source)}` : nameOf(node, source);
      out.push({ name, node, doc: docOf(node) });
    }
    // Members of classes, interfaces, enums, `declare global` blocks and inline object types,
    // but not the object types a conditional type tests against (never shown on hover).
    if (ts.isConditionalTypeNode(node)) return;
    ts.forEachChild(node, (child) => visit(child, name));
  };
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) continue;
    visit(statement, '');
  }
  return { source, out };
}

test('the package ships .d.ts files, found from its package.json', () => {
  const names = files.map((f) => path.relative(packageDir, f));
  assert.ok(names.includes('prompt-assist.d.ts'), names.join(', '));
  assert.ok(names.includes('react.d.ts'), names.join(', '));
});

for (const file of files) {
  const rel = path.relative(packageDir, file);

  test(`${rel}: every declaration and member has a doc comment`, () => {
    const { out } = declarations(file);
    assert.ok(out.length > 0, 'no declarations found');
    const undocumented = out.filter((d) => !d.doc).map((d) => d.name);
    assert.deepEqual(undocumented, [], `declarations without a doc comment in ${rel}`);
  });

  test(`${rel}: each string union's doc names each member; the main functions have an @example`, () => {
    const { out } = declarations(file);
    const problems = [];
    for (const { name, node, doc } of out) {
      if (ts.isTypeAliasDeclaration(node) && ts.isUnionTypeNode(node.type)) {
        for (const member of node.type.types) {
          if (ts.isLiteralTypeNode(member) && ts.isStringLiteral(member.literal)) {
            const value = member.literal.text;
            if (!doc.includes(`'${value}'`) && !doc.includes(`\`${value}\``)) {
              problems.push(`${name}: the doc does not say what '${value}' means`);
            }
          }
        }
      }
      const top = !name.includes('.');
      if (top && MAIN.has(name) && !doc.includes('@example')) problems.push(`${name}: no @example`);
    }
    assert.deepEqual(problems, []);
  });

  test(`${rel}: points to no file the package does not ship`, () => {
    const text = readFileSync(file, 'utf8');
    const hits = text
      .split('\n')
      .map((line, i) => [i + 1, line])
      .filter(([, line]) => ELSEWHERE.some((re) => re.test(line)))
      .map(([n, line]) => `${rel}:${n}: ${line.trim()}`);
    assert.deepEqual(hits, []);
  });
}

// ---------------------------------------------------------------------------------------------
// The README

const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');

/** The fenced code blocks of the README: `{ lang, code, line }`. */
function codeBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const body = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]); j++) body.push(lines[j].slice(indent));
    blocks.push({ lang: open[2], code: body.join('\n'), line: i + 1 });
    i = j;
  }
  return blocks;
}

const blocks = codeBlocks(readme);
const scripts = blocks.filter((b) => ['ts', 'js', 'tsx', 'jsx', 'javascript', 'typescript', 'mjs'].includes(b.lang));

test('the README points to no file the package does not ship', () => {
  const hits = readme
    .split('\n')
    .map((line, i) => [i + 1, line])
    .filter(([, line]) => ELSEWHERE.some((re) => re.test(line)))
    .map(([n, line]) => `README.md:${n}: ${line.trim()}`);
  assert.deepEqual(hits, []);
  // Relative links must name a file in the package.
  const shipped = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')).files;
  for (const [, target] of readme.matchAll(/\]\((?!https?:|#|mailto:)([^)\s]+)\)/g)) {
    assert.ok(shipped.includes(target.replace(/^\.\//, '')), `README links to ${target}, which the package does not ship`);
  }
});

test('the README has code for every export of the main entry', () => {
  const main = parse(path.join(packageDir, 'prompt-assist.d.ts'));
  const exports = main.statements
    .filter((s) => (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s)) && s.name)
    .filter((s) => s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword))
    .map((s) => (s.modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ? 'init' : s.name.text));
  const code = scripts.map((b) => b.code).join('\n');
  const missing = exports.filter((name) => !new RegExp(`\\b${name}\\b`).test(code));
  assert.deepEqual(missing, [], 'exports with no example in the README');
});

/** Top-level `await` (or `for await`) in a block: an await with no function around it. */
function topLevelAwaits(code, file) {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node, inFunction) => {
    const isAwait = ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier);
    if (isAwait && !inFunction) {
      found.push(source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1);
    }
    const fn = inFunction || ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
    ts.forEachChild(node, (child) => visit(child, fn));
  };
  visit(source, false);
  return found;
}

test('the README has ts and js examples, none with top-level await', () => {
  assert.ok(scripts.length >= 5, `only ${scripts.length} code blocks`);
  const problems = [];
  for (const b of scripts) {
    for (const line of topLevelAwaits(b.code, `block.${b.lang.startsWith('t') ? 'ts' : 'js'}`)) {
      problems.push(`README.md:${b.line + line}: top-level await`);
    }
  }
  assert.deepEqual(problems, []);
});

test("the README's ts and js code blocks compile with tsc --strict against the package", () => {
  // Each block is its own module in a project next to the installed package. A block that
  // starts with a `// worker.js` (or `// worker.ts`) comment is checked with the webworker lib,
  // and the absolute path a page without a bundler imports maps to the package's types.
  const dir = path.join(here, 'readme-blocks');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const page = [];
  const worker = [];
  for (const b of scripts) {
    const ext = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', mjs: 'js', jsx: 'jsx' }[b.lang];
    const name = `line${b.line}.${ext}`;
    const isModule = /^\s*(import|export)\b/m.test(b.code);
    writeFileSync(path.join(dir, name), `${b.code}\n${isModule ? '' : 'export {};\n'}`);
    (/^\/\/ worker\.[jt]s\b/.test(b.code.trimStart()) ? worker : page).push(name);
  }
  const run = (names, lib, kind) => {
    if (!names.length) return '';
    const config = `tsconfig.${kind}.json`;
    writeFileSync(
      path.join(dir, config),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          allowJs: true,
          checkJs: true,
          target: 'es2022',
          module: 'nodenext',
          moduleResolution: 'nodenext',
          lib: lib.split(','),
          types: kind === 'page' ? ['node'] : [],
          typeRoots: [path.join(dev, '@types')],
          // A page without a bundler imports the package by its path: its types are the package's.
          paths: { '/node_modules/prompt-assist/browser.js': [path.join(packageDir, 'prompt-assist.d.ts')] },
        },
        files: names,
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', config], { cwd: dir, encoding: 'utf8' });
    return r.status === 0 ? '' : r.stdout + r.stderr;
  };
  const output = run(page, 'es2022,dom,dom.iterable,esnext.disposable', 'page') + run(worker, 'es2022,webworker', 'worker');
  // Map `lineN.ts(3,5)` back to the README's own line numbers.
  const mapped = output.replace(/line(\d+)\.\w+\((\d+),(\d+)\)/g, (_, start, l, c) => `README.md:${Number(start) + Number(l)}:${c}`);
  assert.equal(mapped, '', mapped);
});
