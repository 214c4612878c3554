// Typed errors. Domain and I/O code throw these (or return Problems); the CLI boundary
// (src/cli/run.ts) turns them into one `Error: ...` message plus a problem list and an exit code.

/** One problem with an input: where it is, what is wrong, and how to fix it. */
export interface Problem {
  file?: string;
  line?: number;
  column?: string;
  message: string;
  hint?: string;
}

export function formatProblem(p: Problem): string {
  const where = [
    p.file,
    p.line !== undefined ? `line ${p.line}` : undefined,
    p.column ? (p.column.startsWith('--') ? p.column : `column "${p.column}"`) : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return `${where ? `${where}: ` : ''}${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}

/** Input was rejected or a check found problems: exit code 1, nothing written. */
export class LatoError extends Error {
  readonly exitCode: 1 | 2;
  readonly problems: Problem[];
  readonly hint: string | undefined;
  constructor(message: string, opts: { problems?: Problem[]; hint?: string; exitCode?: 1 | 2 } = {}) {
    super(message);
    this.name = 'LatoError';
    this.exitCode = opts.exitCode ?? 1;
    this.problems = opts.problems ?? [];
    this.hint = opts.hint;
  }
}

/** Wrong usage (unknown option, missing or malformed argument): exit code 2. */
export class UsageError extends LatoError {
  constructor(message: string, hint?: string) {
    super(message, { exitCode: 2, ...(hint ? { hint } : {}) });
    this.name = 'UsageError';
  }
}

/** Throws one LatoError listing every problem, when there are any. */
export function throwIfProblems(message: string, problems: Problem[], hint?: string): void {
  if (problems.length > 0) throw new LatoError(message, { problems, ...(hint ? { hint } : {}) });
}
