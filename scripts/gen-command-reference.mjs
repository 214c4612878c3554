// `npm run docs`: writes the command reference into README.md from the built program's --help.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/main.js';
import { commandReference, withReference } from '../dist/cli/reference.js';

const file = new URL('../README.md', import.meta.url);
const readme = readFileSync(file, 'utf8');
writeFileSync(file, withReference(readme, commandReference(await buildProgram('all'))));
console.error('README.md: command reference updated');
