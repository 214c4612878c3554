// Writing output files safely: atomically (a temporary file, then a rename, so that a crash never
// leaves half a PDF or XML behind) and into folders created on demand, with errors users can read.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { LatoError } from '../domain/errors.js';

export function writeAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new LatoError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new LatoError(`cannot create the folder ${dir}: ${(e as Error).message}`);
  }
}

/** The file name of a document: its number, made safe for any file system. */
export function fileNameOf(number: string, ext: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.${ext}`;
}
