// `lato import settings FILE.json`: settings from a JSON file ({ "issuer": {…}, "vat": {…} }), each
// key checked as `lato settings set` checks it, all or nothing. The example data sets its
// (illustrative) issuer this way.

import { readFileSync } from 'node:fs';
import { getSetting, setSetting } from '../db/settings.js';
import type { Db } from '../db/connection.js';
import { runImport } from './import-run.js';
import type { ImportOptions, ImportSummary } from './import-types.js';
import {
  checkSetting,
  merge,
  normaliseSettingTexts,
  referenceSettings,
  settingTextProblems,
} from './invoice-settings.js';
import { issuerField } from '../domain/invoice-settings.js';
import { MAX_JSON_DEPTH, jsonDepth } from '../domain/json-depth.js';

export async function importSettings(db: Db, file: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  return runImport(db, 'settings', file, opts, async (run) => {
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
    } catch (e) {
      run.problems.add({ file: run.name, message: `not valid JSON: ${(e as Error).message}` });
      return;
    }
    if (jsonDepth(doc) > MAX_JSON_DEPTH) {
      run.problems.add({
        file: run.name,
        message: `the JSON is nested more than ${MAX_JSON_DEPTH} levels deep; settings are a few levels deep`,
        hint: 'check that this is the right file',
      });
      return;
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
      run.problems.add({
        file: run.name,
        message: 'the file must hold one JSON object: { "setting": value, … }',
      });
      return;
    }
    for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
      if (key.startsWith('$')) continue;
      run.rows.total++;
      const clean = normaliseIssuer(key, normaliseSettingTexts(stripComments(value)));
      for (const p of settingTextProblems(key, clean)) run.problems.add({ ...p, file: run.name });
      for (const p of checkSetting(key, merge(referenceSettings()[key], clean), undefined, db)) {
        run.problems.add({ ...p, file: run.name });
      }
      const before = getSetting(db, key);
      if (JSON.stringify(before) === JSON.stringify(clean)) {
        run.rows.unchanged++;
        continue;
      }
      setSetting(db, key, clean);
      run.rows[before === undefined ? 'new' : 'changed']++;
    }
  });
}

/** The issuer's fields in their stored form (KvK without dots, IBAN without spaces…); the bad ones
 * are left as they are, for checkSetting to report. */
function normaliseIssuer(key: string, value: unknown): unknown {
  if (key !== 'issuer' || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      const r = issuerField(k, v);
      return [k, r?.ok ? r.value : v];
    }),
  );
}

function stripComments(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>)
      .filter(([k]) => !k.startsWith('$'))
      .map(([k, x]) => [k, stripComments(x)]),
  );
}
