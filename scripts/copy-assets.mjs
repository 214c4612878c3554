// Build step: copies the SQL migrations next to the compiled JavaScript (tsc copies only .ts output).
import { cpSync, readdirSync, mkdirSync } from 'node:fs';

const from = new URL('../src/db/migrations/', import.meta.url);
const to = new URL('../dist/db/migrations/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from)) if (f.endsWith('.sql')) cpSync(new URL(f, from), new URL(f, to));
