// A generated counts file of any size, as the benchmarks and the fault tests use it: one count per
// DUO-shaped location (4-character instellingscode + 2 digits), streamed so that memory stays flat.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

const B36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Writes `rows` counts for 2025-2026; `offset` shifts the codes so that two files bring different locations. */
export async function writeCountsFile(file, rows, offset = 0) {
  const out = createWriteStream(file);
  out.write('Schooljaar;Vestiging;Aantal\n');
  let buf = '';
  for (let j = 0; j < rows; j++) {
    const i = j + offset;
    const inst = Math.floor(i / 100);
    const code =
      B36[Math.floor(inst / 46656) % 36] +
      B36[Math.floor(inst / 1296) % 36] +
      B36[Math.floor(inst / 36) % 36] +
      B36[inst % 36];
    buf += `2025-2026;${code}${String(i % 100).padStart(2, '0')};${(i * 7919) % 2000}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
