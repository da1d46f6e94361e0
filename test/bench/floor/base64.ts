const ALPHABET = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const PAD = 0x3d;

export const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/**
 * Writes the base64 of `source` into `target` at `offset` and answers the offset after it: no
 * intermediate string, so a chunk costs no allocation at all.
 */
export function writeBase64(source: Uint8Array, target: Buffer, offset: number): number {
  let out = offset;
  const whole = source.length - (source.length % 3);
  for (let i = 0; i < whole; i += 3) {
    const n = (source[i]! << 16) | (source[i + 1]! << 8) | source[i + 2]!;
    target[out] = ALPHABET[n >>> 18]!;
    target[out + 1] = ALPHABET[(n >>> 12) & 63]!;
    target[out + 2] = ALPHABET[(n >>> 6) & 63]!;
    target[out + 3] = ALPHABET[n & 63]!;
    out += 4;
  }
  const rest = source.length - whole;
  if (rest > 0) {
    const n = (source[whole]! << 16) | (rest === 2 ? source[whole + 1]! << 8 : 0);
    target[out] = ALPHABET[n >>> 18]!;
    target[out + 1] = ALPHABET[(n >>> 12) & 63]!;
    target[out + 2] = rest === 2 ? ALPHABET[(n >>> 6) & 63]! : PAD;
    target[out + 3] = PAD;
    out += 4;
  }
  return out;
}
