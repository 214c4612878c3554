// sha256 as lato uses it for the documents as sent and their chain (see src/domain/chain.ts).

import { createHash } from 'node:crypto';

/** The sha256 of text (UTF-8) or bytes, as lowercase hex (what `sha256sum` prints). */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** An entry's chain hash: sha256 of the previous entry's hash followed by its content hash (hex text). */
export function chainHash(prevHash: string, contentHash: string): string {
  return sha256(`${prevHash}${contentHash}`);
}
