// UTF-8 without host APIs (TextEncoder/TextDecoder are not part of the language, and core stays pure).

/** UTF-8 bytes of one code point (lone surrogates are encoded as WTF-8, never throws). */
export function utf8Bytes(cp: number, out: number[]): void {
  if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}

/** UTF-8 → string with an ASCII fast path (ONNX names are almost always ASCII). */
export function decodeUtf8(buf: Uint8Array, start = 0, end = buf.length): string {
  let ascii = true;
  for (let i = start; i < end; i++) {
    if (buf[i] >= 0x80) {
      ascii = false;
      break;
    }
  }
  if (ascii) {
    let s = '';
    // chunked to stay under argument-count limits for long strings
    for (let i = start; i < end; i += 4096) {
      s += String.fromCharCode.apply(null, Array.from(buf.subarray(i, Math.min(end, i + 4096))));
    }
    return s;
  }
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const b0 = buf[i++];
    let cp: number;
    if (b0 < 0x80) cp = b0;
    else if (b0 >= 0xc0 && b0 < 0xe0 && i < end) cp = ((b0 & 0x1f) << 6) | (buf[i++] & 0x3f);
    else if (b0 >= 0xe0 && b0 < 0xf0 && i + 1 < end) {
      cp = ((b0 & 0x0f) << 12) | ((buf[i] & 0x3f) << 6) | (buf[i + 1] & 0x3f);
      i += 2;
    } else if (b0 >= 0xf0 && i + 2 < end) {
      cp = ((b0 & 0x07) << 18) | ((buf[i] & 0x3f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
      i += 3;
    } else cp = 0xfffd;
    if (cp > 0xffff) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
  }
  let s = '';
  for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode.apply(null, units.slice(k, k + 4096));
  return s;
}

/** UTF-8 bytes of a string (lone surrogates as WTF-8, never throws). */
export function encodeUtf8(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) utf8Bytes(ch.codePointAt(0) ?? 0, out);
  return Uint8Array.from(out);
}
