// The EPC QR code ("betaalverzoek", GiroCode; EPC069-12): the text a banking app reads to fill in a
// SEPA credit transfer. Version 002 (BIC optional in the EEA), UTF-8, error correction level M,
// QR version at most 13 (331 bytes).

import { encodeQr, type QrCode } from './qr.js';

export interface EpcPayment {
  name: string;
  iban: string;
  bic?: string | undefined;
  amountCents: number;
  /** unstructured remittance information: the invoice number */
  text: string;
}

export const EPC_MAX_BYTES = 331;

/** The payload, element by element, separated by LF; trailing empty elements left off. */
export function epcPayload(p: EpcPayment): string {
  if (!Number.isInteger(p.amountCents) || p.amountCents < 1 || p.amountCents > 99_999_999_999) {
    throw new RangeError(
      `an EPC QR amount must be from € 0,01 to € 999.999.999,99, not ${p.amountCents} cents`,
    );
  }
  const amount = `EUR${Math.floor(p.amountCents / 100)}.${String(p.amountCents % 100).padStart(2, '0')}`;
  const clean = (s: string, max: number) =>
    s
      .replace(/[\r\n]+/g, ' ')
      .trim()
      .slice(0, max);
  const elements = [
    'BCD',
    '002',
    '1',
    'SCT',
    (p.bic ?? '').replace(/\s+/g, '').toUpperCase(),
    clean(p.name, 70),
    p.iban.replace(/\s+/g, '').toUpperCase(),
    amount,
    '', // purpose code
    '', // structured creditor reference (RF…); not used, the text carries the invoice number
    clean(p.text, 140),
  ];
  const payload = elements.join('\n');
  if (new TextEncoder().encode(payload).length > EPC_MAX_BYTES) {
    throw new RangeError(`the EPC QR payload is longer than ${EPC_MAX_BYTES} bytes`);
  }
  return payload;
}

export function epcQr(p: EpcPayment): QrCode {
  return encodeQr(new TextEncoder().encode(epcPayload(p)), { ecc: 'M', maxVersion: 13 });
}
