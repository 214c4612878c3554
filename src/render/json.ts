// The one converter for every --json output: keys snake_case (postalCode → postal_code), values of
// the fields the vocabulary names in the users' words. Keys that are data (sector codes such as
// VSE, partner codes, dotted setting names) are left alone: only lowerCamelCase keys change.

import { JSON_VALUE_WORDS } from '../domain/vocabulary.js';

const CAMEL = /^[a-z][a-zA-Z0-9]*[A-Z][a-zA-Z0-9]*$/;

/** `postalCode` → `postal_code`, `vatID` → `vat_id`; other keys as they are. */
export function snakeKey(key: string): string {
  if (!CAMEL.test(key)) return key;
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** The value as lato's JSON shows it: snake_case keys, the users' words where the vocabulary says. */
export function jsonView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonView);
  if (value === null || typeof value !== 'object') return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  if (value instanceof Map) return jsonView(Object.fromEntries(value));
  if (value instanceof Set) return jsonView([...value]);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = snakeKey(k);
    const words = JSON_VALUE_WORDS[key];
    const shown = words && typeof v === 'string' ? (words[v] ?? v) : jsonView(v);
    // a snake_case field given next to its camelCase twin wins (the two hold the same value)
    if (key in out && key !== k) continue;
    out[key] = shown;
  }
  return out;
}
