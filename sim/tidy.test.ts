/**
 * The tidy meta-test: ARCHITECTURE.md §1 (layout and import layering) and §2 (determinism)
 * checked by reading the source text, so that a rule is broken in review, not discovered in a
 * trace diff.
 *
 * The scanner first blanks comments and the contents of string, template and regex literals
 * (keeping every line break), so that a banned name in a comment or a message does not count,
 * and an `import` written inside a string is not an import. Each failure names file, line and
 * rule. A self-test at the end feeds the scanner synthetic sources that break each rule, so the
 * tidy test cannot pass because the scanner went blind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SCANNED_ROOTS = ['sim', 'bin', 'reports'];
const MAX_LINES = 400;

/** ARCHITECTURE.md §1.2: a module may import from itself and from strictly lower rows. */
const ROWS: Readonly<Record<string, number>> = {
  core: 0,
  metrics: 1,
  topology: 1,
  protocol: 1,
  durability: 1,
  quorum: 2,
  net: 2,
  storage: 3,
  compute: 3,
  workload: 4,
  faults: 4,
  check: 5,
  scenario: 6,
  '(top)': 7,
};

type Group = 'determinism' | 'seedrandom' | 'layering' | 'entry points' | 'test code' | 'file length';

interface Violation {
  readonly file: string;
  readonly line: number;
  readonly group: Group;
  readonly rule: string;
}

interface Ban {
  readonly rule: string;
  readonly pattern: RegExp;
}

// Identifiers, not properties: `(?<![\w$.])` keeps `node.process(...)` and `x.Date` legal.
const SIM_BANS: readonly Ban[] = [
  { rule: 'no Math.random (draw from an Rng stream)', pattern: /\bMath\s*\.\s*random\b/g },
  { rule: 'no Date (time is the loop clock)', pattern: /(?<![\w$.])Date\b/g },
  { rule: 'no performance.now (time is the loop clock)', pattern: /(?<![\w$.])performance\s*\./g },
  {
    rule: 'no timers or microtasks (events go through the loop)',
    pattern: /(?<![\w$.])(?:setTimeout|setInterval|setImmediate|queueMicrotask|clearTimeout|clearInterval|clearImmediate)\b/g,
  },
  { rule: 'no process (only bin/ touches the process)', pattern: /(?<![\w$.])process\s*\./g },
  { rule: 'no async functions in the simulation', pattern: /(?<![\w$.])async(?=\s*\(|\s+[\w$(])/g },
  { rule: 'no await in the simulation', pattern: /(?<![\w$.])await\b/g },
  { rule: 'no Promise in the simulation', pattern: /(?<![\w$.])Promise\b/g },
  {
    rule: 'no ambient randomness from crypto',
    pattern: /\bcrypto\s*\.\s*random|\b(?:randomBytes|randomUUID|randomInt|randomFill|randomFillSync|getRandomValues)\b/g,
  },
  { rule: 'no console (only bin/ prints)', pattern: /(?<![\w$.])console\s*\./g },
  {
    rule: 'no engine-approximated Math functions (use core/detmath.ts)',
    pattern: /\bMath\s*\.\s*(?:log\w*|exp\w*|pow|a?sinh?|a?cosh?|a?tanh?|atan2|cbrt|hypot)\b/g,
  },
];

const BANNED_MODULES = new Set(['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'timers', 'node:timers', 'timers/promises', 'node:timers/promises', 'perf_hooks', 'node:perf_hooks']);

// ---------------------------------------------------------------------------------------------
// Lexing: blank comments and literal contents, keep the layout.

const WORD = /[\w$]/;
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'yield', 'await', 'instanceof']);

/**
 * The source with comments blanked and literal contents blanked (delimiters kept), same length
 * and same line breaks, so that offsets and line numbers carry over to the original text.
 */
function maskSource(src: string): string {
  const out = src.split('');
  const blank = (from: number, to: number): void => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  const templateDepths: number[] = []; // brace depth inside each open `${`
  let lastChar = '';
  let lastWord = '';
  let i = 0;

  /** Scans template text from `from`; returns the index after the closing backtick or after `${`. */
  const scanTemplate = (from: number): number => {
    let j = from;
    while (j < src.length) {
      const c = src[j]!;
      if (c === '\\') {
        blank(j, j + 2);
        j += 2;
      } else if (c === '`') {
        lastChar = '`';
        return j + 1;
      } else if (c === '$' && src[j + 1] === '{') {
        templateDepths.push(0);
        lastChar = '{';
        return j + 2;
      } else {
        blank(j, j + 1);
        j++;
      }
    }
    return j;
  };

  while (i < src.length) {
    const c = src[i]!;
    const next = src[i + 1];
    if (c === '/' && next === '/') {
      const end = src.indexOf('\n', i);
      const stop = end < 0 ? src.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== c && src[j] !== '\n') j += src[j] === '\\' ? 2 : 1;
      blank(i + 1, j);
      i = j + 1;
      lastChar = c;
    } else if (c === '`') {
      i = scanTemplate(i + 1);
    } else if (c === '}' && templateDepths.length > 0 && templateDepths[templateDepths.length - 1] === 0) {
      templateDepths.pop();
      i = scanTemplate(i + 1);
    } else if (c === '/' && regexMayStart(lastChar, lastWord)) {
      i = scanRegex(src, i, blank);
      lastChar = ')';
      lastWord = '';
    } else if (WORD.test(c)) {
      let j = i;
      while (j < src.length && WORD.test(src[j]!)) j++;
      lastWord = src.slice(i, j);
      lastChar = 'a';
      i = j;
    } else {
      if (c === '{' && templateDepths.length > 0) templateDepths[templateDepths.length - 1]!++;
      if (c === '}' && templateDepths.length > 0) templateDepths[templateDepths.length - 1]!--;
      if (!/\s/.test(c)) {
        lastChar = c;
        lastWord = '';
      }
      i++;
    }
  }
  return out.join('');
}

/** Whether a `/` here starts a regex literal rather than a division. */
function regexMayStart(lastChar: string, lastWord: string): boolean {
  if (lastChar === 'a') return REGEX_AFTER_WORD.has(lastWord);
  return lastChar === '' || '(,=:[!&|?{};+-*%<>~^}'.includes(lastChar);
}

/** Blanks a regex literal starting at `start`; returns the index after its flags. */
function scanRegex(src: string, start: number, blank: (from: number, to: number) => void): number {
  let j = start + 1;
  let inClass = false;
  while (j < src.length && src[j] !== '\n') {
    const c = src[j]!;
    if (c === '\\') j++;
    else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '/' && !inClass) break;
    j++;
  }
  if (src[j] !== '/') return start + 1; // not a regex after all: treat as division
  blank(start + 1, j);
  j++;
  while (j < src.length && WORD.test(src[j]!)) j++;
  return j;
}

// ---------------------------------------------------------------------------------------------
// Imports.

interface ImportRef {
  readonly specifier: string;
  readonly line: number;
  readonly typeOnly: boolean;
  /** The default-import form `import name from '...'`, nothing else. */
  readonly defaultOnly: boolean;
}

const FROM_CLAUSE = /(?<![\w$.])(import|export)(\s+type)?\s+([\w$*{}\s,]*?)\s*\bfrom\s*(['"])/g;
const BARE_IMPORT = /(?<![\w$.])import\s*(\(\s*)?(['"])/g;

function findImports(src: string, masked: string): ImportRef[] {
  const lines = lineIndex(src);
  const refs: ImportRef[] = [];
  for (const m of masked.matchAll(FROM_CLAUSE)) {
    const quote = m.index + m[0].length - 1;
    const clause = m[3]!.trim();
    refs.push({
      specifier: literalAt(src, quote),
      line: lineOf(lines, m.index),
      typeOnly: m[2] !== undefined || allInlineTypes(clause),
      defaultOnly: m[1] === 'import' && m[2] === undefined && /^[\w$]+$/.test(clause),
    });
  }
  for (const m of masked.matchAll(BARE_IMPORT)) {
    const quote = m.index + m[0].length - 1;
    refs.push({ specifier: literalAt(src, quote), line: lineOf(lines, m.index), typeOnly: false, defaultOnly: false });
  }
  return refs;
}

/** `{ type A, type B }`: erased by the compiler, a type-only import. */
function allInlineTypes(clause: string): boolean {
  const inner = /^\{([^}]*)\}$/.exec(clause)?.[1];
  if (inner === undefined) return false;
  const names = inner.split(',').map((s) => s.trim()).filter((s) => s !== '');
  return names.length > 0 && names.every((s) => /^type\s/.test(s));
}

function literalAt(src: string, quote: number): string {
  const end = src.indexOf(src[quote]!, quote + 1);
  return src.slice(quote + 1, end);
}

function lineIndex(src: string): number[] {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

// ---------------------------------------------------------------------------------------------
// Rules.

function isTestCode(file: string): boolean {
  return file.endsWith('.test.ts') || file.split('/').includes('testing');
}

/** The module of a sim/ file: its first folder, or '(top)' for files directly in sim/. */
function moduleOf(file: string): string {
  const parts = file.split('/');
  return parts.length === 2 ? '(top)' : parts[1]!;
}

function resolveSpecifier(file: string, specifier: string): string {
  return specifier.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), specifier)) : specifier;
}

/** Every rule violation in one file (`file` is repo-relative with '/' separators). */
function checkFile(file: string, src: string): Violation[] {
  const masked = maskSource(src);
  const imports = findImports(src, masked);
  const found: Violation[] = [];
  const add = (line: number, group: Group, rule: string): void => void found.push({ file, line, group, rule });
  const inSim = file.startsWith('sim/');
  const testCode = isTestCode(file);

  if (inSim && !testCode) {
    checkBans(masked, add);
    const lineCount = src.endsWith('\n') ? src.split('\n').length - 1 : src.split('\n').length;
    if (lineCount > MAX_LINES) add(MAX_LINES + 1, 'file length', `sim/ files have at most ${MAX_LINES} lines (this one has ${lineCount})`);
  }
  for (const ref of imports) {
    const target = resolveSpecifier(file, ref.specifier);
    checkSeedrandom(file, ref, add);
    if (inSim && !testCode && BANNED_MODULES.has(target)) add(ref.line, 'determinism', `no ${ref.specifier} import in sim/`);
    if (!testCode && isTestCode(target) && SCANNED_ROOTS.some((r) => target.startsWith(`${r}/`))) {
      add(ref.line, 'test code', `only tests import test code (${ref.specifier})`);
    }
    if (testCode) continue;
    if (inSim) checkLayering(file, target, ref, add);
    else checkEntryPoint(file, target, ref, add);
  }
  if (inSim && !testCode && ROWS[moduleOf(file)] === undefined) {
    add(1, 'layering', `module '${moduleOf(file)}' is not in the layering table of ARCHITECTURE.md §1.2`);
  }
  return found;
}

type Add = (line: number, group: Group, rule: string) => void;

function checkBans(masked: string, add: Add): void {
  const lines = lineIndex(masked);
  for (const ban of SIM_BANS) {
    for (const m of masked.matchAll(ban.pattern)) add(lineOf(lines, m.index), 'determinism', ban.rule);
  }
  // `a ** b` on numbers is Math.pow under another name. Exact, so allowed: integer literals on
  // both sides, or a BigInt literal on either side (then both are BigInts: mixing throws).
  for (const m of masked.matchAll(/\*\*/g)) {
    const left = masked.slice(Math.max(0, m.index - 40), m.index);
    const right = masked.slice(m.index + 2, m.index + 42);
    const integers = /(?:^|[^\w$.)\]])\d[\d_]*\s*$/.test(left) && /^\s*-?\d[\d_]*(?![\w$.])/.test(right);
    const bigints = /(?:^|[^\w$.])\d[\d_]*n\s*$/.test(left) || /^\s*\d[\d_]*n(?![\w$])/.test(right);
    if (!integers && !bigints) add(lineOf(lines, m.index), 'determinism', 'no ** on non-literal numbers (use core/detmath.ts pow)');
  }
}

function checkSeedrandom(file: string, ref: ImportRef, add: Add): void {
  if (ref.specifier !== 'seedrandom' && !ref.specifier.startsWith('seedrandom/')) return;
  if (file !== 'sim/core/rng.ts') add(ref.line, 'seedrandom', 'only sim/core/rng.ts imports seedrandom');
  else if (!ref.defaultOnly || ref.specifier !== 'seedrandom') {
    add(ref.line, 'seedrandom', "seedrandom only as `import seedrandom from 'seedrandom'` (named imports crash under Node ESM)");
  }
}

function checkLayering(file: string, target: string, ref: ImportRef, add: Add): void {
  if (!target.startsWith('sim/')) {
    if (SCANNED_ROOTS.some((r) => target.startsWith(`${r}/`))) add(ref.line, 'layering', `sim/ never imports ${target}`);
    return;
  }
  const from = moduleOf(file);
  const to = moduleOf(target);
  if (from === to || isTestCode(target)) return;
  const fromRow = ROWS[from];
  const toRow = ROWS[to];
  if (fromRow === undefined) return; // reported once per file
  if (toRow === undefined) add(ref.line, 'layering', `${target}: module '${to}' is not in the layering table`);
  else if (toRow >= fromRow) {
    const how = toRow === fromRow ? 'sideways' : 'upward';
    add(ref.line, 'layering', `${from} (row ${fromRow}) imports ${how} from ${to} (row ${toRow}): ${ref.specifier}`);
  }
}

/** bin/ (bench aside) and reports/ see sim/ only through sim/index.ts; reports/ never imports bin/. */
function checkEntryPoint(file: string, target: string, ref: ImportRef, add: Add): void {
  if (file.startsWith('bin/bench/')) return;
  if (file.startsWith('reports/') && target.startsWith('bin/')) add(ref.line, 'entry points', `reports/ never imports bin/ (${ref.specifier})`);
  if (!target.startsWith('sim/') || target === 'sim/index.ts') return;
  if (file.startsWith('reports/') && ref.typeOnly) return;
  add(ref.line, 'entry points', `${file.split('/')[0]}/ imports sim/ only through sim/index.ts (${ref.specifier})`);
}

// ---------------------------------------------------------------------------------------------
// The repository.

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(posix.join(REPO, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.isFile() && entry.name.endsWith('.ts')) files.push(path);
    }
  };
  for (const root of SCANNED_ROOTS) walk(root);
  return files.sort();
}

function format(v: Violation): string {
  return `${v.file}:${v.line}: ${v.rule}`;
}

describe('tidy: ARCHITECTURE.md §1–2 hold in the source', () => {
  const files = sourceFiles();
  const violations = files.flatMap((f) => checkFile(f, readFileSync(posix.join(REPO, f), 'utf8')));
  const groups: readonly [Group, string][] = [
    ['determinism', 'sim/ uses no ambient time, randomness, I/O, async or engine-approximated math'],
    ['seedrandom', "seedrandom is imported only by sim/core/rng.ts, as a default import"],
    ['layering', 'sim/ modules import only from themselves and from lower rows'],
    ['entry points', 'bin/ and reports/ reach sim/ only through sim/index.ts'],
    ['test code', 'nothing but tests imports tests or testing/ helpers'],
    ['file length', `sim/ source files have at most ${MAX_LINES} lines`],
  ];

  it('scans the source tree (and finds the engine core in it)', () => {
    expect(files).toContain('sim/core/loop.ts');
    expect(files).toContain('sim/core/rng.ts');
  });

  for (const [group, title] of groups) {
    it(title, () => {
      expect(violations.filter((v) => v.group === group).map(format)).toEqual([]);
    });
  }
});

describe('tidy scanner self-test: each rule catches a synthetic violation', () => {
  const rules = (file: string, src: string): string[] => checkFile(file, src).map(format);

  it('names the file, line and rule of a banned API', () => {
    expect(rules('sim/net/link.ts', 'const a = 1;\n\nconst t = Date.now();\n')).toEqual(['sim/net/link.ts:3: no Date (time is the loop clock)']);
  });

  it('catches each determinism ban in code', () => {
    const src = [
      'Math.random();',
      'new Date();',
      'performance.now();',
      'setTimeout(f, 1);',
      'queueMicrotask(f);',
      'process.exit(1);',
      'async function f() {}',
      'await x;',
      'Promise.resolve();',
      'crypto.randomUUID();',
      'randomBytes(4);',
      'console.log(x);',
      'Math.log(x);',
      'Math.exp(x);',
      'Math.log1p(x);',
      'Math.pow(x, y);',
      'Math.sin(x);',
      'Math.atanh(x);',
      'Math.hypot(x, y);',
      'x ** y;',
      '2 ** 0.5;',
      "import { readFileSync } from 'node:fs';",
    ].join('\n');
    const lines = checkFile('sim/storage/disk.ts', src).map((v) => v.line);
    expect(lines).toEqual(expect.arrayContaining(Array.from({ length: 22 }, (_, i) => i + 1)));
  });

  it('ignores banned names in comments, strings, templates and regexes, and in properties', () => {
    const src = [
      '// Math.random() and Date.now() are banned',
      '/* setTimeout(process.exit) */',
      "const message = 'do not call console.log or Math.log';",
      'const text = `Date.now ${value} Promise`;',
      "const pattern = /'Date.now'/;",
      'node.process(msg); job.Date = 1; const y = 2 ** 53; const z = Math.sqrt(Math.floor(x));',
      'const big = 10n ** BigInt(e) + base ** 3n;',
    ].join('\n');
    expect(rules('sim/net/link.ts', src)).toEqual([]);
  });

  it('still scans the code inside template expressions', () => {
    expect(rules('sim/net/link.ts', 'const s = `at ${Date.now()} and ${`${console.log(1)}`}`;')).toEqual([
      'sim/net/link.ts:1: no Date (time is the loop clock)',
      'sim/net/link.ts:1: no console (only bin/ prints)',
    ]);
  });

  it('allows seedrandom only in rng.ts and only as a default import', () => {
    expect(rules('sim/core/rng.ts', "import seedrandom from 'seedrandom';")).toEqual([]);
    expect(rules('sim/core/rng.ts', "import { alea } from 'seedrandom';")).toHaveLength(1);
    expect(rules('sim/core/rng.ts', "import * as sr from 'seedrandom';")).toHaveLength(1);
    expect(rules('sim/net/link.ts', "import seedrandom from 'seedrandom';")).toEqual([
      'sim/net/link.ts:1: only sim/core/rng.ts imports seedrandom',
    ]);
    expect(rules('bin/cli.test.ts', "import seedrandom from 'seedrandom';")).toHaveLength(1);
  });

  it('enforces the import rows: down is fine, sideways and up are not', () => {
    expect(rules('sim/net/link.ts', "import { Loop } from '../core/loop.ts';\nimport { x } from './y.ts';")).toEqual([]);
    expect(rules('sim/net/link.ts', "import { q } from '../quorum/q.ts';")).toEqual([
      'sim/net/link.ts:1: net (row 2) imports sideways from quorum (row 2): ../quorum/q.ts',
    ]);
    expect(rules('sim/core/loop.ts', "\nimport {\n  Link,\n} from '../net/link.ts';")).toEqual([
      'sim/core/loop.ts:2: core (row 0) imports upward from net (row 2): ../net/link.ts',
    ]);
    expect(rules('sim/check/c.ts', "import { run } from '../simulation.ts';")).toHaveLength(1);
    expect(rules('sim/simulation.ts', "import { c } from './check/c.ts';\nimport type { R } from './result.ts';")).toEqual([]);
  });

  it('holds type imports to the rows too: no file is a contract every module may reach up to', () => {
    expect(rules('sim/core/x.ts', "import type { RunResult } from '../result.ts';")).toHaveLength(1);
    expect(rules('sim/check/x.ts', "import { type ResolvedScenario } from '../scenario/resolved.ts';")).toHaveLength(1);
    expect(rules('sim/faults/x.ts', "import type { FaultSpec } from '../scenario/resolved.ts';")).toHaveLength(1);
    expect(rules('sim/scenario/x.ts', "import type { Expectations } from '../check/expectations.ts';")).toEqual([]);
  });

  it('reports a module missing from the layering table', () => {
    expect(rules('sim/misc/thing.ts', 'export const a = 1;')).toEqual([
      "sim/misc/thing.ts:1: module 'misc' is not in the layering table of ARCHITECTURE.md §1.2",
    ]);
  });

  it('keeps bin/ and reports/ on sim/index.ts (bench aside)', () => {
    expect(rules('bin/cli.ts', "import { runScenario } from '../sim/index.ts';")).toEqual([]);
    expect(rules('bin/commands/run.ts', "import { Loop } from '../../sim/core/loop.ts';")).toHaveLength(1);
    expect(rules('bin/bench/draws.ts', "import { Loop } from '../../sim/core/loop.ts';")).toEqual([]);
    expect(rules('reports/json.ts', "import type { RunResult } from '../sim/result.ts';")).toEqual([]);
    expect(rules('reports/json.ts', "import { Loop } from '../sim/core/loop.ts';")).toHaveLength(1);
    expect(rules('reports/json.ts', "import { x } from '../bin/cli.ts';")).toHaveLength(1);
  });

  it('keeps test code out of non-test code', () => {
    expect(rules('sim/net/link.ts', "import { world } from '../testing/world.ts';")).toEqual([
      'sim/net/link.ts:1: only tests import test code (../testing/world.ts)',
    ]);
    expect(rules('reports/json.ts', "import { f } from './json.test.ts';")).toHaveLength(1);
    expect(rules('sim/net/link.test.ts', "import { world } from '../testing/world.ts';\nconst t = Date.now();")).toEqual([]);
  });

  it('limits sim/ files to 400 lines, tests excepted', () => {
    const lines = (n: number): string => 'x;\n'.repeat(n);
    expect(rules('sim/net/link.ts', lines(400))).toEqual([]);
    expect(rules('sim/net/link.ts', lines(401))).toEqual(['sim/net/link.ts:401: sim/ files have at most 400 lines (this one has 401)']);
    expect(rules('sim/net/link.test.ts', lines(900))).toEqual([]);
  });
});
