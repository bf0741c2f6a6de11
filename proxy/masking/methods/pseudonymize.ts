import type { KeyObject } from 'node:crypto';
import { type HmacSha256, hmacSha256 } from '../../../core/crypto/hmac-sha256.js';
import type { PhiEntity } from '../../../core/phi/entities.js';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** How a value is normalized before hashing, so `123-45-6789` and `123456789` join. */
type Normal = 'digits' | 'email' | 'words' | 'id' | 'text';

function normalKind(entity: PhiEntity): Normal {
  switch (entity) {
    case 'SSN':
    case 'PHONE':
    case 'FAX':
    case 'CREDIT_CARD':
    case 'NPI':
      return 'digits';
    case 'EMAIL':
      return 'email';
    case 'PERSON_NAME':
    case 'STREET_ADDRESS':
    case 'CITY':
    case 'STATE':
      return 'words';
    case 'MRN':
    case 'DEA':
    case 'HEALTH_PLAN_ID':
    case 'ACCOUNT_NUMBER':
    case 'LICENSE_NUMBER':
    case 'VEHICLE_ID':
    case 'DEVICE_ID':
    case 'OTHER_ID':
      return 'id';
    default:
      return 'text';
  }
}

function normalize(kind: Normal, value: string): string {
  switch (kind) {
    case 'digits': {
      const d = value.replace(/\D/g, '');
      return d.length === 11 && d[0] === '1' ? d.slice(1) : d;
    }
    case 'email':
      return value.trim().toLowerCase();
    case 'words':
      return value.trim().replace(/\s+/g, ' ').toLowerCase();
    case 'id':
      return value.replace(/\s+/g, '').toUpperCase();
    default:
      return value.trim();
  }
}

/** The HMAC function of each key, its pad blocks compressed once. */
const HMACS = new WeakMap<KeyObject, HmacSha256>();

/** HMAC-SHA256 of the normalized value under the key; the normalization kind separates domains. */
export function pseudonymDigest(value: string, entity: PhiEntity, key: KeyObject): Buffer {
  const kind = normalKind(entity);
  let hmac = HMACS.get(key);
  if (hmac === undefined) HMACS.set(key, (hmac = hmacSha256(key)));
  return hmac(`${kind}\u0000${normalize(kind, value)}`);
}

/** `n` decimal digits (n ≤ 18) drawn from the digest. */
export function digestDigits(digest: Buffer, n: number, offset = 0): string {
  const v = digest.readBigUInt64BE(offset) % 10n ** BigInt(n);
  return v.toString().padStart(n, '0');
}

/** Crockford base32 of the digest's first `n * 5` bits. */
export function digestBase32(digest: Buffer, n: number): string {
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; out.length < n; i++) {
    acc = (acc << 8) | (digest[i] ?? 0);
    bits += 8;
    while (bits >= 5 && out.length < n) {
      bits -= 5;
      out += CROCKFORD[(acc >> bits) & 31];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** Writes `digits` into the digit positions of `layout`, keeping its punctuation. */
function intoLayout(layout: string, digits: string): string {
  let i = 0;
  return layout.replace(/\d/g, () => digits[i++] ?? '0');
}

/**
 * Keyed, stable pseudonym shaped like the entity:
 * - SSN → `9dd-dd-dddd` in the input's layout (area 9xx is never issued, so it cannot be a real SSN);
 * - phone/fax → area code 555 (not in service) + 7 digits, in the input's layout;
 * - e-mail → `psn.<10 base32>@example.invalid` (reserved TLD);
 * - anything else → `PSN-<12 base32>` (60 bits).
 */
export function pseudonymize(value: string, entity: PhiEntity, key: KeyObject): string {
  const digest = pseudonymDigest(value, entity, key);
  const digits = value.replace(/\D/g, '');
  if (entity === 'SSN' && digits.length === 9) {
    const group = String(1 + (Number(digestDigits(digest, 4, 8)) % 99)).padStart(2, '0');
    const serial = String(1 + (Number(digestDigits(digest, 6, 16)) % 9999)).padStart(4, '0');
    return intoLayout(value, `9${digestDigits(digest, 2)}${group}${serial}`);
  }
  if (
    (entity === 'PHONE' || entity === 'FAX') &&
    (digits.length === 10 || (digits.length === 11 && digits[0] === '1'))
  ) {
    const national = `555${digestDigits(digest, 7)}`;
    return intoLayout(value, digits.length === 11 ? `1${national}` : national);
  }
  if (entity === 'EMAIL') return `psn.${digestBase32(digest, 10).toLowerCase()}@example.invalid`;
  return `PSN-${digestBase32(digest, 12)}`;
}
