// Where output goes: data to stdout, progress/warnings/errors to stderr. Colour only on a TTY and
// never with NO_COLOR set.

export interface Output {
  /** a line of data on stdout */
  line(text?: string): void;
  /** one JSON document on stdout */
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
  const wrap = (code: number, reset: number) => (t: string) =>
    color ? `\u001b[${code}m${t}\u001b[${reset}m` : t;
  const red = wrap(31, 39);
  const yellow = wrap(33, 39);
  return {
    line: (text = '') => void process.stdout.write(`${text}\n`),
    json: (value) => void process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    info: (text) => void process.stderr.write(`${text}\n`),
    warn: (text) => void process.stderr.write(`${yellow('Warning:')} ${text}\n`),
    error: (text) => void process.stderr.write(`${red('Error:')} ${text}\n`),
    color,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red,
    yellow,
  };
}
