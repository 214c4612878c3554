// The plan's and the covenant's promises about how the work is done, held against what was
// recorded (issue 16, point 8): the regiegroep meets three times a year, the project group five
// times, the network at least twice; the project leader talks with each partner at least once a
// year; the regiegroep monitors every six months; and a partner signs for the four years of the
// covenant period. Pure: the promises are data, the records come in.

/** One promise, as data (setting `promises`). */
export interface PromiseDef {
  /** meetings of a body, talks with partners, or monitoring moments */
  kind: 'meeting' | 'talk' | 'monitoring';
  /** for meetings: the body (regiegroep, projectgroep, netwerk) */
  body?: string;
  /** at least this many per school year (talks: with each partner) */
  perYear: number;
  /** the promise in the report's words (Dutch) */
  label: string;
}

export interface ActivityRecord {
  kind: 'meeting' | 'talk' | 'monitoring';
  heldOn: string;
  body: string | null;
  partner: string | null;
}

export interface PromiseResult {
  label: string;
  promised: number;
  done: number;
  met: boolean;
  /** "regiegroep: 3 van 3 vergaderingen", "gesprek met 41 van 51 partners" */
  text: string;
}

export interface YearRange {
  start: string;
  end: string;
}

const inYear = (d: string, y: YearRange) => d >= y.start && d <= y.end;

/** Each promise against the records of the year; `partners` are the members in the year. */
export function comparePromises(
  promises: readonly PromiseDef[],
  records: readonly ActivityRecord[],
  year: YearRange,
  partners: readonly string[],
): PromiseResult[] {
  const mine = records.filter((r) => inYear(r.heldOn, year));
  return promises.map((p) => {
    if (p.kind === 'talk') {
      const members = new Set(partners);
      const talked = new Set(
        mine.filter((r) => r.kind === 'talk' && r.partner && members.has(r.partner)).map((r) => r.partner),
      );
      return {
        label: p.label,
        promised: members.size,
        done: talked.size,
        met: talked.size >= members.size,
        text: `gesprek met ${talked.size} van ${members.size} partners`,
      };
    }
    const done = mine.filter(
      (r) =>
        r.kind === p.kind &&
        (p.kind !== 'meeting' || (r.body ?? '').toLowerCase() === (p.body ?? '').toLowerCase()),
    ).length;
    const what =
      p.kind === 'meeting'
        ? `${p.body}: ${done} van ${p.perYear} vergaderingen`
        : `monitoring: ${done} van ${p.perYear} momenten`;
    return { label: p.label, promised: p.perYear, done, met: done >= p.perYear, text: what };
  });
}

export interface EarlyLeaver {
  partner: string;
  name: string;
  leftOn: string;
  commitmentEnds: string;
}

/**
 * Partners that leave before their four-year commitment ends: a member at the start of the
 * covenant period (or joining in it) signs until its last day.
 */
export function earlyLeavers(
  partners: readonly { code: string; name: string; leftOn: string | null; joinedOn: string | null }[],
  period: { from: number; to: number },
  year: YearRange,
): EarlyLeaver[] {
  const start = `${period.from}-01-01`;
  const end = `${period.to}-12-31`;
  return partners
    .filter((p) => p.leftOn !== null && p.leftOn > start && p.leftOn < end && inYear(p.leftOn, year))
    .filter((p) => p.joinedOn === null || p.joinedOn < p.leftOn!)
    .map((p) => ({ partner: p.code, name: p.name, leftOn: p.leftOn!, commitmentEnds: end }));
}
