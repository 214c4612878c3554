// Finding invoice numbers in the description of a bank transfer. Payers type them as they like:
// `LATO-2019-0001`, `lato 2019 0001`, `LATO20190001`, `Factuur LATO-2019-0001/SCOL`. A number
// matches only as a whole: LATO-2019-0001 is not found in LATO-2019-00012.

const SEP = '[\\s\\-_./]*';

function normalise(s: string): string {
  return s.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Prepares a matcher for a set of invoice numbers; returns those a text mentions. */
export function invoiceNumberMatcher(numbers: readonly string[]): (text: string) => string[] {
  const entries = numbers.map((n) => {
    const chars = normalise(n).split('');
    return {
      number: n,
      key: chars.join(''),
      re: new RegExp(`(?<![A-Za-z0-9])${chars.join(SEP)}(?![0-9])`, 'i'),
    };
  });
  return (text: string) => {
    const flat = normalise(text);
    const found: string[] = [];
    for (const e of entries) {
      if (e.key && flat.includes(e.key) && e.re.test(text)) found.push(e.number);
    }
    return found;
  };
}
