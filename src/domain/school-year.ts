// The Dutch school year (schooljaar): 1 August to 31 July, written `2018-2019`.
// DUO counts pupils on 1 October (teldatum) of the first calendar year.

export interface SchoolYear {
  /** `2018-2019` */
  readonly label: string;
  readonly startYear: number;
  /** ISO date `2018-08-01` */
  readonly start: string;
  /** ISO date `2019-07-31` */
  readonly end: string;
}

export type ParsedSchoolYear = { ok: true; year: SchoolYear } | { ok: false; error: string };

export function parseSchoolYear(raw: string): ParsedSchoolYear {
  const s = raw.trim();
  const m = /^(\d{4})\s*[-/]\s*(\d{4})$/.exec(s);
  if (!m) {
    return {
      ok: false,
      error: `"${s}" is not a school year; write it as two consecutive years, like 2025-2026`,
    };
  }
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (b !== a + 1) {
    return {
      ok: false,
      error: `"${s}" is not a school year: ${b} does not follow ${a} (write ${a}-${a + 1})`,
    };
  }
  return { ok: true, year: schoolYearStarting(a) };
}

export function schoolYearStarting(startYear: number): SchoolYear {
  return {
    label: `${startYear}-${startYear + 1}`,
    startYear,
    start: `${startYear}-08-01`,
    end: `${startYear + 1}-07-31`,
  };
}

/** The school year a date (ISO `YYYY-MM-DD`) falls in. */
export function schoolYearOf(isoDate: string): SchoolYear {
  const y = Number(isoDate.slice(0, 4));
  const m = Number(isoDate.slice(5, 7));
  return schoolYearStarting(m >= 8 ? y : y - 1);
}

export function nextSchoolYear(y: SchoolYear): SchoolYear {
  return schoolYearStarting(y.startYear + 1);
}

/** DUO's count date (teldatum): 1 October of the first calendar year. */
export function defaultCountDate(y: SchoolYear): string {
  return `${y.startYear}-10-01`;
}
