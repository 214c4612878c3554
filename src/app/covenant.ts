// `lato covenant list|add|remove`: the covenant's parties. The list comes from the covenant
// (`lato import covenant`); a party added later is a regiegroep decision (an organisation that no
// admission rule covers, admitted and signing the covenant).

import { optionText } from '../domain/text.js';
import { LatoError } from '../domain/errors.js';
import type { Db } from '../db/connection.js';
import {
  addCovenantParty,
  covenantPartyOf,
  listCovenantParties,
  removeCovenantParty,
  type CovenantParty,
} from '../db/covenant.js';
import { findPartnerByRef } from '../db/organisations.js';
import { writeTransaction } from '../db/transaction.js';
import { dateOption } from './applications.js';

export { listCovenantParties };

function requirePartnerRef(db: Db, ref: string) {
  const p = findPartnerByRef(db, ref);
  if (!p) {
    throw new LatoError(`no partner "${ref.trim()}"`, {
      hint: 'give a partner code, KvK number or name (lato partners list); register a new organisation first with lato partners add',
    });
  }
  return p;
}

export function addParty(
  db: Db,
  input: {
    partner: string;
    party?: string | undefined;
    date?: string | undefined;
    note?: string | undefined;
  },
): CovenantParty {
  return writeTransaction(db, () => {
    const p = requirePartnerRef(db, input.partner);
    return addCovenantParty(db, {
      partnerId: p.id,
      party: optionText(input.party, 'name', '--party') ?? p.name,
      signedOn: input.date === undefined ? null : dateOption(input.date),
      note: optionText(input.note, 'long', '--note'),
    });
  });
}

export function removeParty(db: Db, ref: string): CovenantParty {
  return writeTransaction(db, () => {
    const p = requirePartnerRef(db, ref);
    const party = covenantPartyOf(db, p.id);
    if (!party)
      throw new LatoError(`${p.code} is not a party to the covenant`, {
        hint: 'lato covenant list shows them',
      });
    removeCovenantParty(db, party);
    return party;
  });
}
