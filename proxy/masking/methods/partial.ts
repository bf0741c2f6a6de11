import { isIP } from 'node:net';
import type { PhiEntity } from '../../../core/phi/entities.js';
import { generalizeAge, generalizeZip } from './generalize.js';
import { redactToken } from './redact.js';

/**
 * Every letter and digit but the last `keep` digits replaced by `*`; punctuation kept. A value
 * with fewer than `minDigits` digits is not this entity's shape and is redacted (fail closed).
 */
function keepLastDigits(text: string, keep: number, minDigits: number, entity: PhiEntity): string {
  let total = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) total++;
  if (total < minDigits) return redactToken(entity);
  let seen = 0;
  return text.replace(/[\p{L}\p{N}]/gu, (c) => (c >= '0' && c <= '9' && ++seen > total - keep ? c : '*'));
}

/** Every letter and digit but the last `keep` replaced by `*`; separators kept. */
function keepLastAlnum(text: string, keep: number): string {
  const total = text.replace(/[^A-Za-z0-9]/g, '').length;
  if (total <= keep) return text.replace(/[A-Za-z0-9]/g, '*');
  let seen = 0;
  return text.replace(/[A-Za-z0-9]/g, (c) => (++seen > total - keep ? c : '*'));
}

function partialEmail(text: string): string {
  const at = text.lastIndexOf('@');
  if (at <= 0) return redactToken('EMAIL');
  return `${text[0]}***${text.slice(at)}`;
}

/** Keeps the year (the Safe Harbor part of a date); masks every other digit and letter. */
function partialDate(text: string): string {
  const year = /(?<!\d)(1[89]\d\d|2[01]\d\d)(?!\d)/.exec(text);
  const masked = text.replace(/[A-Za-z0-9]/g, '*');
  if (!year) return masked;
  return `${masked.slice(0, year.index)}${year[0]}${masked.slice(year.index + 4)}`;
}

/** Keeps the first two octets (IPv4) or groups (IPv6); anything that is not an address is redacted. */
function partialIp(text: string): string {
  const [host = '', bits] = text.trim().split('/');
  const version = isIP(host);
  if (version === 0) return redactToken('IP_ADDRESS');
  const sep = version === 4 ? '.' : ':';
  const masked = host
    .split(sep)
    .map((g, i) => (i < 2 || g === '' ? g : '*'))
    .join(sep);
  return bits === undefined ? masked : `${masked}/${bits}`;
}

function partialUrl(text: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)?([^/?#\s]+)/i.exec(text);
  return m ? `${m[1] ?? ''}${m[2]}/***` : redactToken('URL');
}

/**
 * Partial masks: enough left to tell values apart by eye, not enough to identify. Entities
 * without a meaningful partial form (city, state, biometric, photo) are redacted.
 */
export function partial(text: string, entity: PhiEntity): string {
  switch (entity) {
    case 'SSN': {
      const digits = text.replace(/\D/g, '');
      return digits.length === 9 ? `***-**-${digits.slice(5)}` : redactToken('SSN');
    }
    case 'PHONE':
    case 'FAX':
      return keepLastDigits(text, 4, 7, entity);
    case 'CREDIT_CARD':
      return keepLastDigits(text, 4, 12, entity);
    case 'EMAIL':
      return partialEmail(text);
    case 'PERSON_NAME':
      return text.replace(/\p{L}[\p{L}'’.-]*/gu, (w) => `${w[0]}***`);
    case 'DATE':
    case 'BIRTH_DATE':
      return partialDate(text);
    case 'ZIP': {
      const zip3 = generalizeZip(text);
      return zip3.startsWith('[') ? zip3 : `${zip3}**`;
    }
    case 'AGE':
      return generalizeAge(text);
    case 'STREET_ADDRESS':
      return text.replace(/\d/g, '*');
    case 'IP_ADDRESS':
      return partialIp(text);
    case 'URL':
      return partialUrl(text);
    case 'MRN':
    case 'NPI':
    case 'DEA':
    case 'HEALTH_PLAN_ID':
    case 'ACCOUNT_NUMBER':
    case 'LICENSE_NUMBER':
    case 'VEHICLE_ID':
    case 'DEVICE_ID':
    case 'OTHER_ID':
      return keepLastAlnum(text, 4);
    default:
      return redactToken(entity);
  }
}
