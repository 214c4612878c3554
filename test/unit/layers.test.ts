// The layers of src/ and what each may import (docs/development.md, "Layout"), checked on every
// import of every file (static, dynamic and type-only alike), and no import cycle anywhere.
//   domain  pure rules and values: imports only domain
//   db      SQL: domain and db
//   io      files and formats read or written: domain and io
//   render  text, JSON, CSV, PDF and XML made from data: domain, io and render
//   app     the use cases: domain, db, io, render and app
//   cli     parsing and printing: everything but db, except the two files that open the
//           database and map errors (cli/run.ts, cli/main.ts)

import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const SRC = join(ROOT, 'src');
const ALLOWED: Record<string, readonly string[]> = {
  domain: ['domain'],
  db: ['domain', 'db'],
  io: ['domain', 'io'],
  render: ['domain', 'io', 'render'],
  app: ['domain', 'db', 'io', 'render', 'app'],
  cli: ['domain', 'io', 'render', 'app', 'cli'],
};
const CLI_BOUNDARY = new Set(['cli/run.ts', 'cli/main.ts']);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative module a file imports, as a path under src/ ("app/fees.ts"). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]!);
  return specs
    .filter((s) => s.startsWith('.'))
    .map((s) => relative(SRC, normalize(join(dirname(file), s))).replace(/\.js$/, '.ts'));
}

const graph = new Map(files(SRC).map((f) => [relative(SRC, f), importsOf(f)]));
const layerOf = (path: string) => path.split('/')[0]!;

describe('layers of src/', () => {
  it('finds the imports it checks (the parser sees static, dynamic and type imports)', () => {
    expect(graph.get('cli/commands/fees.ts')).toContain('app/fees.ts');
    expect(graph.get('app/fees.ts')).toContain('db/rates.ts');
    expect(graph.get('render/fees.ts')).toContain('domain/fees.ts');
    expect(graph.size).toBeGreaterThan(100);
  });

  it('each layer imports only what it may', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const layer = layerOf(file);
      const allowed = ALLOWED[layer];
      if (!allowed) continue;
      for (const dep of deps) {
        const to = layerOf(dep);
        if (allowed.includes(to)) continue;
        if (layer === 'cli' && to === 'db' && CLI_BOUNDARY.has(file)) continue;
        wrong.push(`${file} imports ${dep} (${layer} may import ${allowed.join(', ')})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (!graph.has(d)) continue;
        if (state.get(d) === 'open') cycles.push([...stack.slice(stack.indexOf(d)), d].join(' -> '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of graph.keys()) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
