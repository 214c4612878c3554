// The text policy: text that comes in is normalised and checked once, at entry (imports,
// `partners add/edit`, `settings set`, a credit note's reason); text that goes out is made safe for
// its medium (terminal, JSON; UBL and Markdown escape in their renderers). Pure: no I/O.
//
// Which characters are accepted, and why, is written down in docs/safety.md: what the
// embedded PDF fonts can draw (see font-coverage.ts), without control characters, invisible
// format characters and noncharacters, and within a length per kind of field.

import { LatoError } from './errors.js';
import { FONT_COVERAGE } from './font-coverage.js';

/** Characters that must never reach a terminal raw: they move the cursor, clear the screen, set
 * the window title, ring the bell, or reverse the text that follows. Tab and newline stay. */
const TERMINAL_UNSAFE =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function hex(c: string, width: number): string {
  return c.charCodeAt(0).toString(16).toUpperCase().padStart(width, '0');
}

/** `Evil \e[2J` → `Evil \x1B[2J`: control characters and bidi overrides shown, not obeyed. */
export function escapeForTerminal(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) =>
    c.charCodeAt(0) <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`,
  );
}

// JSON.stringify escapes C0 but leaves DEL, C1, bidi overrides and the line separators raw
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON text with the characters JSON.stringify leaves raw written as \uXXXX (same value). */
export function escapeJsonText(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${hex(c, 4).toLowerCase()}`);
}

// ---- entry: one normalisation, one character policy ----

/**
 * Text as lato stores and matches it: Unicode NFC (so "è" typed as e + U+0300 and as U+00E8 are one
 * spelling), trimmed, inner whitespace collapsed to one space. `multiline` keeps line breaks (one
 * per line, each line trimmed and collapsed), for notes.
 */
export function normaliseText(raw: string, opts: { multiline?: boolean } = {}): string {
  const nfc = raw.normalize('NFC');
  if (!opts.multiline) return nfc.replace(/\s+/g, ' ').trim();
  return nfc
    .split(/\r\n|\r|\n|\u2028|\u2029/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const hexCp = (cp: number) => `\\u{${cp.toString(16)}}`;
const COVERED_CLASS = FONT_COVERAGE.map(([a, b]) => (a === b ? hexCp(a) : `${hexCp(a)}-${hexCp(b)}`)).join(
  '',
);
/** Texts made of covered characters only (the common case, checked in one pass). */
const ALL_COVERED = new RegExp(`^[${COVERED_CLASS}]*$`, 'u');
const ALL_COVERED_LINES = new RegExp(`^[\\n${COVERED_CLASS}]*$`, 'u');

function covered(cp: number): boolean {
  let lo = 0;
  let hi = FONT_COVERAGE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = FONT_COVERAGE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const SCRIPTS: [RegExp, string][] = [
  [/\p{Script=Thai}/u, 'Thai script'],
  [/\p{Script=Hangul}/u, 'Hangul (Korean) script'],
  [/\p{Script=Han}/u, 'Chinese characters'],
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'Japanese kana'],
  [/\p{Script=Arabic}/u, 'Arabic script'],
  [/\p{Script=Hebrew}/u, 'Hebrew script'],
  [/\p{Script=Devanagari}/u, 'Devanagari script'],
  [/\p{Script=Armenian}/u, 'Armenian script'],
  [/\p{Script=Georgian}/u, 'Georgian script'],
];

/** Why a character may not be entered ("is an emoji, …"), or undefined when it may. */
function characterProblem(ch: string, multiline: boolean): string | undefined {
  const cp = ch.codePointAt(0)!;
  const unprintable = (what: string) => `is ${what}, which cannot be printed`;
  const noFont = (what: string) => `is ${what}, which the fonts of the documents cannot print`;
  if (cp === 0x0a && multiline) return undefined;
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return unprintable('a control character');
  if (cp >= 0xd800 && cp <= 0xdfff) return unprintable('a broken character (a lone surrogate)');
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return unprintable('a noncharacter');
  if (cp === 0x200d) return unprintable('the invisible zero-width joiner');
  if (/\p{Cf}/u.test(ch)) return unprintable('an invisible formatting character');
  if (/\p{Co}/u.test(ch)) return unprintable('a private-use character');
  if (covered(cp)) return undefined;
  if (/\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Regional_Indicator}/u.test(ch))
    return noFont('an emoji');
  if (cp >= 0xfe00 && cp <= 0xfe0f) return noFont('an emoji variation selector');
  for (const [re, name] of SCRIPTS) if (re.test(ch)) return noFont(name);
  return 'is not in the fonts of the documents, so it cannot be printed';
}

/** `U+1F44D "👍"`, or just `U+0007` for what cannot be shown. */
export function describeCharacter(ch: string): string {
  const cp = ch.codePointAt(0)!;
  const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return /[\p{L}\p{N}\p{P}\p{S}]/u.test(ch) && !/\p{Cf}|\p{Co}|\p{Cs}/u.test(ch) ? `${code} "${ch}"` : code;
}

/** How long a text field may be, by kind (in characters). */
export const TEXT_LIMITS = {
  /** partner and issuer names */
  name: 200,
  /** street, city, contact person, buyer reference, e-mail */
  line: 200,
  /** notes, a credit note's reason */
  long: 2000,
  /** settings texts printed on the documents */
  setting: 1000,
} as const;

export type TextKind = keyof typeof TEXT_LIMITS;

/**
 * What is wrong with a (normalised) text for entry, or undefined: a character that cannot be
 * printed (named, with its 1-based position), or a length over the field's limit.
 */
export function textProblem(
  text: string,
  kind: TextKind,
  opts: { multiline?: boolean } = {},
): string | undefined {
  const multiline = opts.multiline ?? false;
  const max = TEXT_LIMITS[kind];
  if (text.length <= max && (multiline ? ALL_COVERED_LINES : ALL_COVERED).test(text)) return undefined;
  const chars = [...text];
  if (chars.length > max)
    return `is ${chars.length.toLocaleString('en-US')} characters long; at most ${max.toLocaleString('en-US')} are allowed`;
  for (let i = 0; i < chars.length; i++) {
    const why = characterProblem(chars[i]!, opts.multiline ?? false);
    if (why) return `character ${i + 1} (${describeCharacter(chars[i]!)}) ${why}`;
  }
  return undefined;
}

/** The longest text one field of a document may hold (what Typst and the CSV reader take). */
export const DOCUMENT_TEXT_MAX = 32_767;

/**
 * Why a text that is about to be printed cannot be (a character, named with its position, or
 * its length), or undefined. For documents made from stored data, which older versions of lato
 * (or other tools) may have written without the entry checks.
 */
export function printProblem(text: string): string | undefined {
  if (text.length <= DOCUMENT_TEXT_MAX && ALL_COVERED_LINES.test(text)) return undefined;
  const chars = [...text];
  if (chars.length > DOCUMENT_TEXT_MAX)
    return `is ${chars.length.toLocaleString('en-US')} characters long; a document takes at most ${DOCUMENT_TEXT_MAX.toLocaleString('en-US')}`;
  for (let i = 0; i < chars.length; i++) {
    const why = characterProblem(chars[i]!, true);
    if (why) return `character ${i + 1} (${describeCharacter(chars[i]!)}) ${why}`;
  }
  return undefined;
}

/** Normalises and checks one entered text: the stored value, or the problem. */
export function enterText(
  raw: string,
  kind: TextKind,
  opts: { multiline?: boolean } = {},
): { ok: true; value: string } | { ok: false; error: string } {
  const value = normaliseText(raw, opts);
  const error = textProblem(value, kind, opts);
  return error ? { ok: false, error } : { ok: true, value };
}

/**
 * One text option of a command (`--note`, `--role`): normalised and checked; null when empty.
 * Throws naming the option, the character and its position.
 */
export function optionText(
  raw: string | undefined,
  kind: TextKind,
  option: string,
  opts: { multiline?: boolean } = {},
): string | null {
  if (raw === undefined) return null;
  const r = enterText(raw, kind, opts);
  if (!r.ok) throw new LatoError(`${option}: ${r.error}`);
  return r.value || null;
}
