// Where lato's own files are, from the compiled (dist/io) or source (src/io) module alike.
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));
