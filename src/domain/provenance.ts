// Provenance: which data of a year came from a batch marked illustrative (invented example data),
// so that every output using it can say so.

/** A batch of illustrative data that a year's figures use. */
export interface IllustrativeSource {
  what: 'counts' | 'budget' | 'realisation' | 'in_kind_budget' | 'in_kind_realisation';
  file: string;
  note: string | null;
}
