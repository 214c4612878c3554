// Generates src/domain/font-coverage.ts: the code points lato lets into text that is printed, i.e.
// those of the left-to-right scripts and symbol blocks below that the embedded PDF fonts draw in
// the regular and the bold weight the templates use (Libertinus Serif, with Typst's fallback to
// its other embedded fonts).
//
// Found without a font library: the code points are typeset in a PDF/A-2b document by the same
// Typst compiler lato uses; PDF/A names each text it could not draw, those code points are left
// out and the rest is typeset again until it passes. Each block is typeset in a child process,
// because Typst's shaping can abort the process on some mixes (seen with Arabic, which is why the
// right-to-left scripts are not offered); a block that aborts is split until the culprit is alone.
//
// Run after upgrading @myriaddreamin/typst-ts-node-compiler or changing the templates' fonts:
//   node scripts/gen-font-coverage.mjs
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Unicode blocks offered: left-to-right scripts of Europe, and common symbols. */
const BLOCKS = [
  [0x0020, 0x007e, 'Basic Latin'],
  [0x00a0, 0x00ff, 'Latin-1 Supplement'],
  [0x0100, 0x024f, 'Latin Extended-A and -B'],
  [0x0250, 0x02ff, 'IPA Extensions, Spacing Modifier Letters'],
  [0x0300, 0x036f, 'Combining Diacritical Marks'],
  [0x0370, 0x03ff, 'Greek and Coptic'],
  [0x0400, 0x052f, 'Cyrillic'],
  [0x1e00, 0x1eff, 'Latin Extended Additional'],
  [0x1f00, 0x1fff, 'Greek Extended'],
  [0x2000, 0x206f, 'General Punctuation'],
  [0x2070, 0x209f, 'Superscripts and Subscripts'],
  [0x20a0, 0x20cf, 'Currency Symbols'],
  [0x2100, 0x214f, 'Letterlike Symbols'],
  [0x2150, 0x218f, 'Number Forms'],
  [0x2190, 0x21ff, 'Arrows'],
  [0x2200, 0x22ff, 'Mathematical Operators'],
  [0x2c60, 0x2c7f, 'Latin Extended-C'],
  [0xa720, 0xa7ff, 'Latin Extended-D'],
  [0xab30, 0xab6f, 'Latin Extended-E'],
  [0xfb00, 0xfb06, 'Latin ligatures'],
];

const setup =
  '#set text(font: ("Libertinus Serif",), size: 10pt, lang: "nl", region: "NL", number-type: "lining")';

/** In the child: typesets the code points of argv and prints those Typst could not draw. */
async function child(cps) {
  const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
  const dir = mkdtempSync(join(tmpdir(), 'lato-fonts-'));
  const main = join(dir, 'coverage.typ');
  writeFileSync(main, `${setup}\n#let t = json(bytes(sys.inputs.data))\n#t\n\n#text(weight: "bold", t)\n`);
  const compiler = NodeCompiler.create({ workspace: dir });
  const data = JSON.stringify(cps.map((cp) => String.fromCodePoint(cp)).join(' '));
  const bad = new Set();
  try {
    compiler.pdf({ mainFilePath: main, inputs: { data } }, { pdfStandard: 'a-2b' });
  } catch (e) {
    const re = /the text `\\"((?:[^"\\]|\\\\u\{[0-9a-f]+\}|\\\\.)*?)\\"` could not/g;
    for (const m of String(e).matchAll(re)) {
      const text = m[1]
        .replace(/\\\\u\{([0-9a-f]+)\}/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
        .replace(/\\\\(.)/g, '$1');
      for (const ch of text) if (ch !== ' ') bad.add(ch.codePointAt(0));
    }
    if (bad.size === 0) throw new Error(`cannot read Typst's error: ${String(e).slice(0, 500)}`);
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(JSON.stringify([...bad]));
}

/** The code points of `cps` that print; a set that aborts Typst is split. */
function printable(cps) {
  for (let round = 0; cps.length > 0; round++) {
    if (round > 20) throw new Error(`no stable result at U+${cps[0].toString(16)}`);
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', ...cps.map(String)], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      if (cps.length === 1) return [];
      const half = Math.ceil(cps.length / 2);
      return [...printable(cps.slice(0, half)), ...printable(cps.slice(half))];
    }
    const bad = new Set(JSON.parse(r.stdout));
    if (bad.size === 0) return cps;
    cps = cps.filter((cp) => !bad.has(cp));
  }
  return cps;
}

// controls and invisible format characters are refused at entry whatever the fonts say
const isFormat = (cp) =>
  (cp >= 0x200b && cp <= 0x200f) ||
  (cp >= 0x2028 && cp <= 0x202e) ||
  (cp >= 0x2060 && cp <= 0x206f) ||
  cp === 0xad;

if (process.argv[2] === '--child') {
  await child(process.argv.slice(3).map(Number));
} else {
  const covered = [];
  for (const [from, to] of BLOCKS) {
    const cps = [];
    for (let cp = from; cp <= to; cp++) if (!isFormat(cp)) cps.push(cp);
    covered.push(...printable(cps));
  }
  covered.sort((a, b) => a - b);
  const ranges = [];
  for (const cp of covered) {
    const last = ranges[ranges.length - 1];
    if (last && last[1] === cp - 1) last[1] = cp;
    else ranges.push([cp, cp]);
  }
  const hex = (n) => `0x${n.toString(16).padStart(4, '0')}`;
  const body = ranges.map(([a, b]) => `[${hex(a)}, ${hex(b)}]`).join(', ');
  writeFileSync(
    new URL('../src/domain/font-coverage.ts', import.meta.url),
    `// GENERATED by scripts/gen-font-coverage.mjs: do not edit. The code points (inclusive ranges)
// that lato accepts in printed text: the blocks the script offers, as far as the embedded PDF fonts
// draw them in regular and bold. ${covered.length} code points in ${ranges.length} ranges.
// prettier-ignore
export const FONT_COVERAGE: readonly (readonly [number, number])[] = [
  ${body},
];
`,
  );
  console.log(`${covered.length} code points in ${ranges.length} ranges`);
}
