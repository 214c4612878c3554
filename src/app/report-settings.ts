// The report's data settings: which figures there are (`report.figures`) and the words of the
// yearly report (`report.texts`). A database made before these settings existed reads them from
// data/reference.json, so that they stay data, never constants in code.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db/connection.js';
import { getSetting } from '../db/settings.js';
import { LatoError } from '../domain/errors.js';
import type { MetricDef } from '../domain/figures.js';
import type { ReportTexts } from '../domain/yearly-report.js';
import { DATA_DIR } from '../io/paths.js';

export const FIGURES_SETTING = 'report.figures';
export const TEXTS_SETTING = 'report.texts';

export type { ReportTexts };

function fromReference<T>(key: string): T | undefined {
  const ref = JSON.parse(readFileSync(join(DATA_DIR, 'reference.json'), 'utf8')) as {
    settings: Record<string, unknown>;
  };
  return ref.settings[key] as T | undefined;
}

function setting<T>(db: Db, key: string): T {
  const v = getSetting<T>(db, key) ?? fromReference<T>(key);
  if (v === undefined) throw new LatoError(`setting ${key} is missing`, { hint: 'see data/reference.json' });
  return v;
}

export function figureMetrics(db: Db): MetricDef[] {
  const s = setting<{ metrics?: MetricDef[] }>(db, FIGURES_SETTING);
  const metrics = s.metrics;
  const ok =
    Array.isArray(metrics) &&
    metrics.every(
      (m) =>
        typeof m.code === 'string' &&
        typeof m.label === 'string' &&
        Array.isArray(m.aliases) &&
        (m.period === 'school_year' || m.period === 'calendar') &&
        typeof m.by_sector === 'boolean' &&
        ['partners', 'participation', 'reach'].includes(m.group),
    );
  if (!ok) {
    throw new LatoError(`setting ${FIGURES_SETTING} is not valid`, {
      hint: 'each metric needs code, label, aliases, period (school_year or calendar), by_sector and group (partners, participation or reach); see data/reference.json',
    });
  }
  return metrics;
}

export function reportTexts(db: Db): ReportTexts {
  const t = setting<Partial<ReportTexts>>(db, TEXTS_SETTING);
  const keys: (keyof ReportTexts)[] = [
    'organisation',
    'title',
    'audience',
    'surplus',
    'deficit',
    'balanced',
    'budget_surplus',
    'budget_deficit',
    'budget_balanced',
  ];
  const missing = keys.filter((k) => typeof t[k] !== 'string');
  if (missing.length > 0) {
    throw new LatoError(`setting ${TEXTS_SETTING} lacks ${missing.join(', ')}`, {
      hint: 'see data/reference.json for the texts it needs',
    });
  }
  return t as ReportTexts;
}
