// Rendering Typst templates to PDF/A with the embedded Typst compiler. The data goes in as one
// JSON input (sys.inputs.data), never spliced into the source. Templates come from lato's
// templates/ folder; a user folder overrides them file by file (and may bring fonts/ and images).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LatoError, type Problem } from '../domain/errors.js';
import { TEMPLATES_DIR } from '../io/paths.js';

import type { NodeCompiler as Compiler, NodeError } from '@myriaddreamin/typst-ts-node-compiler';

export const PDF_STANDARD = 'a-2b';

export interface TypstOptions {
  /** a folder whose files replace lato's templates of the same name */
  templatesDir?: string | undefined;
}

/** Where the templates of this run come from, for messages and the README. */
export function resolveTemplatesDir(explicit: string | undefined): string | undefined {
  const dir = explicit ?? process.env.LATO_TEMPLATES;
  if (dir === undefined || dir === '') return undefined;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new LatoError(`the templates folder ${dir} does not exist`, {
      hint: 'give a folder with your own invoice.typ / credit-note.typ / reminder.typ / yearly-report.typ, or leave --templates (and LATO_TEMPLATES) out',
    });
  }
  return dir;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(p));
    else if (entry.isFile()) out.push(p);
  }
  return out;
}

export class TypstRenderer {
  private compiler: Compiler | undefined;
  /** templates overridden by the user folder, by name */
  readonly overridden: string[] = [];

  private constructor(private readonly opts: TypstOptions) {}

  static async create(opts: TypstOptions = {}): Promise<TypstRenderer> {
    const r = new TypstRenderer(opts);
    await r.init();
    return r;
  }

  private async init(): Promise<void> {
    // the compiler is a native module of ~50 MB: loaded only when a document is rendered
    const { NodeCompiler } = await import('@myriaddreamin/typst-ts-node-compiler');
    const fontPaths = [join(TEMPLATES_DIR, 'fonts')];
    const user = this.opts.templatesDir;
    if (user) fontPaths.push(join(user, 'fonts'));
    this.compiler = NodeCompiler.create({
      workspace: TEMPLATES_DIR,
      fontArgs: [{ fontPaths: fontPaths.filter((p) => existsSync(p)) }],
    });
    if (user) {
      // the user's files shadow lato's at the same relative path, so that their templates can
      // still import lato.typ (or their own copy of it) and use their own images
      for (const file of filesUnder(user)) {
        const rel = relative(user, file);
        if (rel.startsWith('fonts/')) continue;
        this.compiler.mapShadow(join(TEMPLATES_DIR, rel), readFileSync(file));
        if (rel.endsWith('.typ')) this.overridden.push(rel);
      }
    }
  }

  /** Where a diagnostic points: the user's own file when it shadows lato's, else lato's file. */
  private displayPath(path: string | undefined): string | undefined {
    if (!path) return undefined;
    const rel = relative(TEMPLATES_DIR, path);
    if (rel.startsWith('..')) return path;
    const user = this.opts.templatesDir;
    return user && this.overridden.includes(rel) ? join(user, rel) : `templates/${rel}`;
  }

  /** Typst's errors with file, line (1-based) and column, from the full diagnostics. */
  private diagnostics(err: NodeError): Problem[] {
    type Diag = {
      message: string;
      path?: string;
      severity?: number;
      range?: { start: { line: number; character: number } } | null;
    };
    let diags: Diag[];
    try {
      diags = this.compiler!.fetchDiagnostics(err) as Diag[];
    } catch {
      diags = err.shortDiagnostics as Diag[];
    }
    const errors = diags.filter((d) => d.severity === undefined || d.severity === 1);
    return (errors.length ? errors : diags).map((d) => {
      const file = this.displayPath(d.path);
      return {
        ...(file ? { file } : {}),
        ...(d.range ? { line: d.range.start.line + 1 } : {}),
        message: `${d.range ? `column ${d.range.start.character + 1}: ` : ''}${d.message}`,
      };
    });
  }

  /** Empties the compiler's memo cache (it grows with every document otherwise). */
  evict(): void {
    this.compiler!.evictCache(0);
  }

  /** Compiles `template` (e.g. `invoice.typ`) with `data` to PDF/A-2b bytes. */
  pdf(template: string, data: unknown): Buffer {
    const c = this.compiler!;
    const args = { mainFilePath: join(TEMPLATES_DIR, template), inputs: { data: JSON.stringify(data) } };
    try {
      // compiling straight to PDF keeps no document object alive (memory stays flat)
      return c.pdf(args, { pdfStandard: PDF_STANDARD });
    } catch {
      // the error carries no diagnostics: compile once more to get them
    }
    const result = c.compile(args);
    const doc = result.result;
    if (result.hasError() || !doc) {
      const err = result.takeError();
      const where = this.overridden.includes(template) ? 'your template' : "lato's template";
      throw new LatoError(`${where} ${template} does not compile`, {
        problems: err ? this.diagnostics(err) : [],
        hint: this.overridden.length
          ? `the error is in the template, not in your data: fix the template in ${this.opts.templatesDir}, or move it away to use lato's own`
          : 'the error is in the template, not in your data: this is a defect in lato; please report it',
      });
    }
    return c.pdf(doc, { pdfStandard: PDF_STANDARD });
  }
}
