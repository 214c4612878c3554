// Start-up: `lato --help` and `lato partners list` (a simple read command, on the example data)
// against `node -e 0` in paired runs. Targets: --help within 1.3×, partners list within 1.5×.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lato, paired, ratioRow, run, stat } from './lib.mjs';

const dir = mkdtempSync(join(tmpdir(), 'lato-bench-startup-'));
try {
  const db = join(dir, 'example.db');
  lato(['init', '--example', '--db', db]);
  const r = paired(
    {
      node: () => run(process.execPath, ['-e', '0']),
      help: () => lato(['--help']),
      list: () => lato(['partners', 'list', '--db', db]),
    },
    { runs: Math.max(15, Number(process.env.LATO_BENCH_RUNS ?? 5)) },
  );
  ratioRow('start-up: lato --help', stat(r.help), stat(r.node), 1.3, { referenceName: 'node -e 0' });
  ratioRow('start-up: lato partners list (59)', stat(r.list), stat(r.node), 1.5, {
    referenceName: 'node -e 0',
  });
  ratioRow('  the same, CPU time', stat(r.list, 'cpuMs'), stat(r.node, 'cpuMs'), 1.5, {
    referenceName: 'node -e 0',
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
