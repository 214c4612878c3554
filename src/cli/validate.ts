// One rule for option values: a value that is not of its kind (a school year, a date, an amount)
// is wrong usage (exit 2), named with the valid forms, before the command runs. The kind is the
// option's placeholder in its flags (`--year <year>`, `--date <date>`, `--amount <amount>`), so a
// new option of a known kind is checked without more code. Whether a well-formed value is accepted
// (a date in the future, a year without rates) is the command's to decide (exit 1).

import type { Command, Option } from 'commander';
import { UsageError } from '../domain/errors.js';
import { parseSchoolYear } from '../domain/school-year.js';
import { parseDate } from '../domain/dates.js';
import { parseEuro } from '../domain/money.js';

const FORMS: Record<string, string> = {
  year: 'a school year: two consecutive years, like 2018-2019',
  date: 'a date: YYYY-MM-DD (2018-10-15) or DD-MM-YYYY (15-10-2018)',
  amount: 'an amount in euros, Dutch notation: 80, 42,50, 1.953,00 or € 1.953,00',
};

function problem(kind: string, value: string): string | undefined {
  if (kind === 'year') {
    const y = parseSchoolYear(value);
    return y.ok ? undefined : y.error;
  }
  if (kind === 'date') {
    const d = parseDate(value);
    return d.ok ? undefined : d.error;
  }
  if (kind === 'amount') {
    const a = parseEuro(value);
    return a.ok ? undefined : a.error;
  }
  return undefined;
}

/** The kind of value an option takes, from its placeholder: `--as-of <date>` → `date`. */
export function optionKind(o: Option): string | undefined {
  const m = /<([a-z]+)>/.exec(o.flags);
  return m && m[1]! in FORMS ? m[1] : undefined;
}

/** Throws one UsageError naming every malformed option value of a command and the valid forms. */
export function checkOptionValues(cmd: Command, opts: Record<string, unknown>): void {
  const bad: string[] = [];
  const kinds = new Set<string>();
  for (const o of cmd.options) {
    const kind = optionKind(o);
    const value = opts[o.attributeName()];
    if (!kind || typeof value !== 'string') continue;
    // some options take "none" for open (their help says so)
    if (value.trim().toLowerCase() === 'none' && (o.description ?? '').includes('"none"')) continue;
    const p = problem(kind, value);
    if (p) {
      bad.push(`${o.long}: ${p}`);
      kinds.add(kind);
    }
  }
  if (bad.length === 0) return;
  throw new UsageError(bad.join('; '), [...kinds].map((k) => `valid: ${FORMS[k]}`).join('; '));
}

/** Marks the required options of a command and its subcommands as such in --help. */
export function markRequired(cmd: Command): void {
  for (const o of cmd.options) {
    if (o.mandatory && !/\(required\)/.test(o.description ?? ''))
      o.description = `${o.description} (required)`;
  }
  cmd.commands.forEach(markRequired);
}
