// Fetches the files of a model bundled in the extension (models/<id>/...). Every failure names the
// file, so "missing or corrupt model" messages tell the user exactly what to fix.
import { progressOf, readBodyWithHeadroom } from '../hub/read-body';
import { extensionUrl } from '../platform/runtime';
import { ProtocolError } from '../shared/protocol';
import { t } from '../shared/i18n';

export function modelFilePath(modelId: string, file: string): string {
  return `models/${modelId}/${file}`;
}

/** The file's bytes; `headroom` spare bytes after them in the same buffer (see readBodyWithHeadroom). */
export async function fetchModelFile(modelId: string, file: string, headroom = 0, onFraction?: (fraction: number) => void): Promise<Uint8Array> {
  const path = modelFilePath(modelId, file);
  let res: Response;
  try {
    res = await fetch(extensionUrl(path));
  } catch (err) {
    throw new ProtocolError('model-file', t('engine_file_missing', path, String(err)));
  }
  if (!res.ok) throw new ProtocolError('model-file', t('engine_file_http', path, res.status));
  const bytes = headroom ? await readBodyWithHeadroom(res, headroom, progressOf(res, onFraction)) : new Uint8Array(await res.arrayBuffer());
  if (bytes.length === 0) throw new ProtocolError('model-file', t('engine_file_empty', path));
  return bytes;
}

export async function fetchModelJson<T>(modelId: string, file: string): Promise<T> {
  const bytes = await fetchModelFile(modelId, file);
  try {
    return JSON.parse(new TextDecoder().decode(bytes)) as T;
  } catch {
    throw new ProtocolError('model-file', t('engine_file_json', modelFilePath(modelId, file)));
  }
}
