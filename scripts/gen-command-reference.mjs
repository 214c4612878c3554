// `npm run docs`: writes the command reference into docs/commands.md from the built program's --help.
import { readFileSync, writeFileSync } from 'node:fs';
import { buildProgram } from '../dist/cli/main.js';
import { commandReference, withReference } from '../dist/cli/reference.js';

const file = new URL('../docs/commands.md', import.meta.url);
const page = readFileSync(file, 'utf8');
writeFileSync(file, withReference(page, commandReference(await buildProgram('all'))));
console.error('docs/commands.md: command reference updated');
