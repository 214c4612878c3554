/** Writes `n` partners; `variant` changes every name, so that a second file updates them all. */
export function writePartnersFile(file: string, n: number, variant?: number): void;
