/** Writes `rows` counts for 2025-2026; `offset` shifts the codes so that two files bring different locations. */
export function writeCountsFile(file: string, rows: number, offset?: number): Promise<void>;
