/** Boards with schools, independent covenant partners, partners without pupils, funders, and their 2018-2019 counts. */
export function generate(file: string, partners: number, counts: number): void;
/** A fresh lato database at `file` with the rates of 2018-2019 and the generated data. */
export function bigDatabase(
  lato: (args: string[]) => unknown,
  root: string,
  file: string,
  partners?: number,
  counts?: number,
): string;
