import { cellError } from './cell-error.js';
import { floatText } from './float-text.js';

export function decodeInt(buf: Buffer): string {
  switch (buf.length) {
    case 2:
      return String(buf.readInt16BE(0));
    case 4:
      return String(buf.readInt32BE(0));
    case 8:
      return buf.readBigInt64BE(0).toString();
    default:
      throw cellError('integer');
  }
}

export function encodeInt(text: string, size: 2 | 4 | 8): Buffer {
  if (!/^[+-]?\d+$/.test(text.trim())) throw cellError('integer');
  const v = BigInt(text.trim());
  const b = Buffer.alloc(size);
  const bits = BigInt(size * 8 - 1);
  if (v > (1n << bits) - 1n || v < -(1n << bits)) throw cellError('integer');
  if (size === 2) b.writeInt16BE(Number(v), 0);
  else if (size === 4) b.writeInt32BE(Number(v), 0);
  else b.writeBigInt64BE(v, 0);
  return b;
}

export function decodeOid(buf: Buffer): string {
  if (buf.length !== 4) throw cellError('oid');
  return String(buf.readUInt32BE(0));
}

export function decodeFloat(buf: Buffer): string {
  if (buf.length === 4) return floatText(buf.readFloatBE(0), true);
  if (buf.length === 8) return floatText(buf.readDoubleBE(0), false);
  throw cellError('float');
}

export function decodeBool(buf: Buffer): string {
  if (buf.length !== 1) throw cellError('boolean');
  return buf[0] ? 't' : 'f';
}

export function decodeUuid(buf: Buffer): string {
  if (buf.length !== 16) throw cellError('uuid');
  const h = buf.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function encodeUuid(text: string): Buffer {
  const hex = text.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw cellError('uuid');
  return Buffer.from(hex, 'hex');
}

/** bytea_out with bytea_output = hex. */
export function decodeBytea(buf: Buffer): string {
  return `\\x${buf.toString('hex')}`;
}

/** inet/cidr send format: family (2 = IPv4, 3 = IPv6), bits, is_cidr, address length, address bytes. */
export function decodeInet(buf: Buffer): string {
  if (buf.length < 4) throw cellError('inet');
  const family = buf[0];
  const bits = buf[1] ?? 0;
  const isCidr = buf[2] === 1;
  const n = buf[3] ?? 0;
  const addr = buf.subarray(4);
  if (addr.length !== n || !((family === 2 && n === 4) || (family === 3 && n === 16)))
    throw cellError('inet');
  let text: string;
  if (family === 2) text = Array.from(addr).join('.');
  else {
    const groups: string[] = [];
    for (let i = 0; i < 16; i += 2) groups.push(addr.readUInt16BE(i).toString(16));
    text = compressIpv6(groups);
  }
  const full = family === 2 ? 32 : 128;
  return isCidr || bits !== full ? `${text}/${bits}` : text;
}

/** RFC 5952: the longest run (≥ 2) of zero groups becomes `::`. */
function compressIpv6(groups: string[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return groups.join(':');
  return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLen).join(':')}`;
}
