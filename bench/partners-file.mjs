// A generated partner list of any size, as `lato import partners` takes it: boards with schools
// under them (the Bestuur column names a board from the same file), KvK numbers on the boards.
import { writeFileSync } from 'node:fs';

/** Writes `n` partners; `variant` changes every name, so that a second file updates them all. */
export function writePartnersFile(file, n, variant = 0) {
  const lines = ['Code;Naam;Sector;Soort;Gemeente;KvK;Lidmaatschap;Bestuur;Lid sinds'];
  for (let i = 1; i <= n; i++) {
    const board = i % 5 === 1;
    const boardOf = i - ((i - 1) % 5);
    lines.push(
      [
        `P${i}`,
        `${board ? 'Stichting' : 'School'} ${i}${variant ? ` (${variant})` : ''}`,
        'PO',
        board ? 'school_board' : 'school',
        'Leiden',
        board ? String(10_000_000 + i) : '',
        board ? 'covenant' : 'none',
        board ? '' : `P${boardOf}`,
        '2015-08-01',
      ].join(';'),
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
}
