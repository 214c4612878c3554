// `lato --help` against `node -e 0` in the same run (target: within 1.3×).
import { lato, median, report, run } from './lib.mjs';

const N = 15;
const base = [];
const help = [];
for (let i = 0; i < N; i++) {
  base.push(run(process.execPath, ['-e', '0']).ms);
  help.push(lato(['--help']).ms);
}
const b = median(base);
const h = median(help);
report('startup: lato --help', { node_e0_ms: b, lato_help_ms: h, ratio: h / b, target: '<= 1.30' });
