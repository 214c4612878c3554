// Where output goes: data to stdout, progress/warnings/errors to stderr. Colour only on a TTY and
// never with NO_COLOR set. The one place that writes to the terminal: control characters and
// bidi overrides in what is written (data, messages quoting a cell) are shown escaped, never
// obeyed; lato's own colours pass as marks only this process can make.

import { randomBytes } from 'node:crypto';
import { escapeForTerminal, escapeJsonText } from '../domain/text.js';
import { jsonView } from '../render/json.js';
import { foldText, terminalWidth } from '../render/table.js';

export interface Output {
  /** a line of data on stdout */
  line(text?: string): void;
  /** one JSON document on stdout: keys snake_case, values in the users' words (render/json.ts) */
  json(value: unknown): void;
  /** a notice on stderr */
  info(text: string): void;
  warn(text: string): void;
  error(text: string): void;
  readonly color: boolean;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

export function colorEnabled(stream: NodeJS.WriteStream): boolean {
  return !!stream.isTTY && !('NO_COLOR' in process.env) && process.env.TERM !== 'dumb';
}

export function createOutput(): Output {
  const color = colorEnabled(process.stderr) && colorEnabled(process.stdout);
  // a colour is a mark (a noncharacter and a nonce data cannot know) until the text is escaped
  const nonce = randomBytes(6).toString('hex');
  const marks = new RegExp(`\uFDD0${nonce}(\\d+)\uFDD1`, 'g');
  const wrap = (code: number, reset: number) => (t: string) =>
    color ? `\uFDD0${nonce}${code}\uFDD1${t}\uFDD0${nonce}${reset}\uFDD1` : t;
  const safe = (text: string) => {
    const escaped = escapeForTerminal(text);
    return color ? escaped.replace(marks, '\u001b[$1m') : escaped;
  };
  const red = wrap(31, 39);
  const yellow = wrap(33, 39);
  const width = terminalWidth(process.stderr);
  const fold = (text: string) => foldText(text, width);
  const labelled = (label: string, paint: (t: string) => string, text: string) =>
    paint(label) + fold(`${label} ${text}`).slice(label.length);
  return {
    line: (text = '') => void process.stdout.write(`${safe(text)}\n`),
    json: (value) =>
      void process.stdout.write(`${escapeJsonText(String(JSON.stringify(jsonView(value), null, 2)))}\n`),
    // messages fold at the terminal's width (or $COLUMNS); piped without $COLUMNS they stay whole
    info: (text) => void process.stderr.write(`${safe(fold(text))}\n`),
    warn: (text) => void process.stderr.write(`${safe(labelled('Warning:', yellow, text))}\n`),
    error: (text) => void process.stderr.write(`${safe(labelled('Error:', red, text))}\n`),
    color,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red,
    yellow,
  };
}
