// NumPy .npy (format 1.0) encoding of the arrays an attention export needs, so researchers can
// `np.load("….npz")` the result. Spec: numpy.lib.format — magic, version, a little-endian uint16 header length,
// a Python-literal header dict padded with spaces to a multiple of 64 bytes (ending in "\n"), then raw data.

export type NpyArray =
  | { dtype: '<f4'; shape: number[]; data: Float32Array }
  | { dtype: '<i4'; shape: number[]; data: Int32Array }
  | { dtype: '|b1'; shape: number[]; data: Uint8Array }
  | { dtype: '<U'; shape: number[]; data: string[] };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function shapeLiteral(shape: number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

/** Code points of a string (what NumPy's fixed-width '<U' stores, as UTF-32LE). */
const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0) as number);

/** The .npy file for one array, as parts (header, data) ready for a Blob or a zip entry. */
export function npyParts(a: NpyArray): Uint8Array[] {
  const count = a.shape.reduce((p, d) => p * d, 1);
  if (a.data.length !== count) throw new Error(`npy: ${a.data.length} values for shape ${shapeLiteral(a.shape)}`);
  let descr: string = a.dtype;
  let body: Uint8Array;
  if (a.dtype === '<U') {
    const cps = a.data.map(codePoints);
    const width = Math.max(1, ...cps.map((c) => c.length));
    descr = `<U${width}`;
    const u32 = new Uint32Array(count * width);
    cps.forEach((c, k) => u32.set(c, k * width));
    body = toLittleEndian(u32);
  } else {
    body = toLittleEndian(a.data);
  }
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeLiteral(a.shape)}, }`;
  const unpadded = MAGIC.length + 2 + 2 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const head = new Uint8Array(MAGIC.length + 4 + header.length);
  head.set(MAGIC, 0);
  head[6] = 1; // version 1.0
  head[7] = 0;
  new DataView(head.buffer).setUint16(8, header.length, true);
  for (let k = 0; k < header.length; k++) head[10 + k] = header.charCodeAt(k); // the header is ASCII
  return [head, body];
}

/**
 * Bytes of a typed array in little-endian order (a view, no copy, on little-endian machines — all of ours).
 * `hostLittleEndian` is the byte order the array is held in: the machine's, unless a test says otherwise
 * (big-endian hosts are real but rare, so the swap is tested by stating the order instead of finding one).
 */
export function toLittleEndian(a: Float32Array | Int32Array | Uint32Array | Uint8Array, hostLittleEndian = isLittleEndian): Uint8Array {
  const view = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  if (hostLittleEndian || a.BYTES_PER_ELEMENT === 1) return view;
  const out = new Uint8Array(a.byteLength);
  const w = a.BYTES_PER_ELEMENT;
  for (let k = 0; k < a.byteLength; k += w) for (let b = 0; b < w; b++) out[k + b] = view[k + w - 1 - b];
  return out;
}
