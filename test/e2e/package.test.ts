// Installs like a tool (issue 14, item 9): the package ships the built dist/, bin/, templates/ and
// data/ (no sources, no tests); `prepare` builds only where TypeScript is installed, so an install
// without dev dependencies runs the shipped dist/; iconv-lite (used by tests only) is a dev
// dependency.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempDir } from '../helpers.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the package', () => {
  it('npm pack holds dist/, bin/, templates/ and data/, and no sources or tests', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    for (const f of [
      'bin/lato',
      'dist/cli/main.js',
      'dist/cli/help.txt',
      'dist/db/migrations/001-initial.sql',
      'templates/invoice.typ',
      'data/example/partners.csv',
      'data/reference.json',
      'package.json',
    ])
      expect(files, f).toContain(f);
    expect(files.filter((f) => /^(src|test|bench)\//.test(f))).toEqual([]);
  });

  it('prepare does not need TypeScript when dist/ is there; the build runs before packing', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
    const dir = tempDir();
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    cpSync(join(ROOT, 'scripts', 'prepare.mjs'), join(dir, 'scripts', 'prepare.mjs'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'x', type: 'module' }));
    writeFileSync(join(dir, 'dist', 'cli', 'main.js'), '');
    // no node_modules here: no typescript, as after `npm ci --omit=dev`
    const r = spawnSync(process.execPath, [join(dir, 'scripts', 'prepare.mjs')], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('iconv-lite is a dev dependency only; the command line needs no dev dependency', () => {
    expect(pkg.dependencies).not.toHaveProperty('iconv-lite');
    expect(pkg.devDependencies).toHaveProperty('iconv-lite');
    const r = spawnSync(
      'grep',
      ['-rlE', "from '(iconv-lite|vitest|fast-check|typescript)'", join(ROOT, 'dist')],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe('');
  });
});
