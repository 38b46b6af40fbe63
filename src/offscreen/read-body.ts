// Reads a model file's body straight into one buffer that has spare bytes after it, so the graph edit can
// append its outputs record in place. For a bert-base model (436 MB) this replaces Response#arrayBuffer() plus a
// model-sized copy — the copy alone took ~1.3 s on the 2-core test VM — with a single pass over the stream.

/** Room the engine reads model files with, for the graph edit's appended outputs record (a few KB even for 24 layers). */
export const MODEL_HEADROOM = 1 << 20;

/** The body as a view of `length` bytes at the start of a buffer of at least length + headroom bytes. */
export async function readBodyWithHeadroom(res: Response, headroom: number): Promise<Uint8Array> {
  const declared = Number.parseInt(res.headers.get('content-length') ?? '', 10);
  if (!res.body || !Number.isSafeInteger(declared) || declared <= 0) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    const out = new Uint8Array(bytes.byteLength + headroom);
    out.set(bytes);
    return out.subarray(0, bytes.byteLength);
  }
  let buf = new Uint8Array(declared + headroom);
  let at = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (at + value.byteLength + headroom > buf.byteLength) {
      // More than content-length said (a compressed transfer): grow, rarely.
      const grown = new Uint8Array(Math.max(buf.byteLength * 2, at + value.byteLength + headroom));
      grown.set(buf.subarray(0, at));
      buf = grown;
    }
    buf.set(value, at);
    at += value.byteLength;
  }
  return buf.subarray(0, at);
}
