// Reads a model file's body straight into one buffer that has spare bytes after it, so the graph edit can
// append its outputs record in place. For a bert-base model (436 MB) this replaces Response#arrayBuffer() plus a
// model-sized copy — the copy alone took ~1.3 s on the 2-core test VM — with a single pass over the stream.
// Used for the extension's own files, Cache Storage entries and Hub downloads (which count bytes per chunk).

/** Room the engine reads model files with, for the graph edit's appended outputs record (a few KB even for 24 layers). */
export const MODEL_HEADROOM = 1 << 20;

/**
 * The body as a view of its length at the start of a buffer of at least length + headroom bytes. Sized from
 * content-length when there is one; grows (rarely) when the body is longer or the length unknown.
 * `onChunk` sees each chunk's size as it arrives. Stream errors propagate to the caller.
 */
export async function readBodyWithHeadroom(res: Response, headroom: number, onChunk?: (bytes: number) => void): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number.parseInt(res.headers.get('content-length') ?? '', 10);
  let buf = new Uint8Array((Number.isSafeInteger(declared) && declared > 0 ? declared : 64 * 1024) + headroom);
  let at = 0;
  if (!res.body) return buf.subarray(0, 0);
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (at + value.byteLength + headroom > buf.byteLength) {
        const grown = new Uint8Array(Math.max(buf.byteLength * 2, at + value.byteLength + headroom));
        grown.set(buf.subarray(0, at));
        buf = grown;
      }
      buf.set(value, at);
      at += value.byteLength;
      onChunk?.(value.byteLength);
    }
  } finally {
    reader.releaseLock();
  }
  return buf.subarray(0, at);
}

/** Turns chunk sizes into a 0..1 fraction of the response's content-length (nothing when it has none). */
export function progressOf(res: Response, report?: (fraction: number) => void): ((bytes: number) => void) | undefined {
  const total = Number.parseInt(res.headers.get('content-length') ?? '', 10);
  if (!report || !(total > 0)) return undefined;
  let seen = 0;
  let last = -1;
  return (bytes) => {
    seen += bytes;
    const f = Math.min(1, seen / total);
    if (f - last >= 0.02 || f === 1) {
      last = f;
      report(f);
    }
  };
}
