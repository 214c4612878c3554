// The text policy: text that comes in is normalised and checked once, at entry (imports,
// `partners add/edit`, `settings set`, a credit note's reason); text that goes out is made safe for
// its medium (terminal, JSON; UBL and Markdown escape in their renderers). Pure: no I/O.
//
// Which characters are accepted, and why, is written down in docs/safety.md: what the
// embedded PDF fonts can draw (see font-coverage.ts), without control characters, invisible
// format characters and noncharacters, and within a length per kind of field.

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
