// `npm install` / `npm ci` in a clone: build dist/ when TypeScript is there (a development
// install). Without dev dependencies (`npm ci --omit=dev`, or an installed package, which ships
// dist/ already), there is nothing to build: an existing dist/ is used as it is.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { execSync } from 'node:child_process';

const root = new URL('../', import.meta.url);
const built = existsSync(new URL('dist/cli/main.js', root));
let hasTsc = true;
try {
  createRequire(new URL('package.json', root)).resolve('typescript');
} catch {
  hasTsc = false;
}
if (hasTsc) execSync('npm run build', { stdio: 'inherit', cwd: root });
else if (!built)
  process.stderr.write(
    'lato: dist/ is not built and TypeScript is not installed; run `npm ci` (with dev dependencies) to build it\n',
  );
