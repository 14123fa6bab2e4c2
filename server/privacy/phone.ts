/**
 * How personal data looks on screen. A phone number keeps its first three and last four digits
 * (138****5678, 028****5678): enough to recognise, not enough to call.
 */
export function maskPhone(phone: string | undefined | null): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length === 0) return '';
  if (digits.length <= 7) return `${digits.slice(0, 1)}${'*'.repeat(Math.max(1, digits.length - 1))}`;
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

/** A name as shown to other residents: 王*, 王*明, 欧阳**锋. */
export function maskName(name: string | undefined | null): string {
  const chars = [...(name ?? '').trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return chars[0] as string;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export function phoneSuffix(phone: string | undefined | null): string {
  const digits = (phone ?? '').replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : '';
}

/**
 * Tokens a staff search can match through one multikey index: every substring of the name up to
 * four characters (Chinese names are two to four), the whole name, and `p` + the last four digits.
 */
export function searchTokens(realName: string | undefined | null, phone: string | undefined | null): string[] {
  const chars = [...(realName ?? '').replace(/\s+/g, '')];
  const out = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    for (let len = 1; len <= 4 && i + len <= chars.length; len++)
      out.add(
        chars
          .slice(i, i + len)
          .join('')
          .toLowerCase(),
      );
  }
  if (chars.length) out.add(chars.join('').toLowerCase());
  const suffix = phoneSuffix(phone);
  if (suffix) out.add(`p${suffix}`);
  return [...out];
}

/** The token a search text looks up: four digits mean a phone suffix, anything else a name fragment. */
export function searchToken(q: string): string {
  const text = q.replace(/\s+/g, '').toLowerCase();
  return /^\d{4}$/.test(text) ? `p${text}` : text;
}
