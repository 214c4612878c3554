// `npm run bench`: every benchmark in this folder, one after another. Each prints its ratios
// against a reference measured in the same run (never absolute timings as pass/fail).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./', import.meta.url));
const only = process.argv.slice(2);
const skip = new Set(['run.mjs', 'lib.mjs', 'rss-hook.mjs']);
let failed = 0;
for (const f of readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !skip.has(f))
  .sort()) {
  if (only.length && !only.some((o) => f.includes(o))) continue;
  const r = spawnSync(process.execPath, [`${dir}${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
