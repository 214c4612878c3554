// Build step after tsc: copies the SQL migrations next to the compiled JavaScript (tsc copies only
// .ts output), and stores the top-level help text so that `lato --help` needs no module loading.
import { cpSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';

const from = new URL('../src/db/migrations/', import.meta.url);
const to = new URL('../dist/db/migrations/', import.meta.url);
mkdirSync(to, { recursive: true });
for (const f of readdirSync(from)) if (f.endsWith('.sql')) cpSync(new URL(f, from), new URL(f, to));

const { topLevelHelp } = await import('../dist/cli/main.js');
writeFileSync(new URL('../dist/cli/help.txt', import.meta.url), await topLevelHelp());
