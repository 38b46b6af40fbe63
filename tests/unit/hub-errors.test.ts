// Every download failure becomes a HubError (a ProtocolError, code 'model-file') with a clear message.
import { describe, expect, it } from 'vitest';
import { HubError, httpStatusError, interruptedError, notDownloadedError, toHubError } from '../../src/hub/errors';
import { ProtocolError, toErrorInfo } from '../../src/shared/protocol';

const ctx = (file: string) => ({ id: 'Xenova/bert-base-uncased', file, hubHost: 'https://huggingface.co' });

describe('HTTP status → message', () => {
  it('404 on an ONNX variant names the model and the file', () => {
    const e = httpStatusError(404, ctx('onnx/model_quantized.onnx'));
    expect(e).toBeInstanceOf(ProtocolError);
    expect(e.code).toBe('model-file');
    expect(e.reason).toBe('not-found');
    expect(e.message).toMatch(/^Model Xenova\/bert-base-uncased has no onnx\/model_quantized\.onnx on the Hugging Face Hub/);
    expect(e.message).toMatch(/8-bit quantized variant\. Pick another variant/);
  });

  it('404 on config.json means the model is not there; on a tokenizer file it cannot be tokenized', () => {
    expect(httpStatusError(404, ctx('config.json')).message).toMatch(/was not found on the Hugging Face Hub \(no config\.json\)/);
    expect(httpStatusError(404, ctx('tokenizer.json')).message).toMatch(/has no tokenizer\.json .* cannot be tokenized/);
  });

  it('401/403 are private or gated; other statuses say so; a local host is named by host:port', () => {
    expect(httpStatusError(401, ctx('config.json'))).toMatchObject({ reason: 'unauthorized' });
    expect(httpStatusError(403, ctx('config.json')).message).toMatch(/private, gated or does not exist .*HTTP 403/);
    const e = httpStatusError(503, { ...ctx('onnx/model.onnx'), hubHost: 'http://127.0.0.1:8123' });
    expect(e).toMatchObject({ reason: 'http' });
    expect(e.message).toBe('127.0.0.1:8123 answered HTTP 503 for onnx/model.onnx of Xenova/bert-base-uncased. Try again later.');
  });
});

describe('thrown errors → message', () => {
  it('a failed fetch (no answer) means offline', () => {
    const e = toHubError(new TypeError('Failed to fetch'), { ...ctx('config.json'), stage: 'connect' });
    expect(e.reason).toBe('offline');
    expect(e.message).toMatch(/Could not reach the Hugging Face Hub to download Xenova\/bert-base-uncased \(Failed to fetch\)\. You seem to be offline/);
    expect(e.message).toMatch(/already downloaded keep working/);
  });

  it('a stream error while reading means interrupted, with the byte counts', () => {
    const e = toHubError(new TypeError('network error'), { ...ctx('onnx/model.onnx'), stage: 'read', loaded: 9_500_000, total: 19_100_000 });
    expect(e.reason).toBe('interrupted');
    expect(e.message).toBe(
      'The download of onnx/model.onnx (Xenova/bert-base-uncased) was interrupted after 9.5 MB of 19.1 MB. Nothing was saved; click Download to try again.',
    );
    expect(interruptedError(ctx('a'), 1, null).message).toMatch(/was interrupted\. Nothing was saved/);
  });

  it('QuotaExceededError while storing means the disk/quota is full', () => {
    const quota = new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    const e = toHubError(quota, { ...ctx('onnx/model.onnx'), stage: 'store', bytes: 111_000_000 });
    expect(e.reason).toBe('quota');
    expect(e.message).toMatch(/^Not enough storage to save Xenova\/bert-base-uncased \(111 MB\)\. Delete a stored model or free disk space/);
  });

  it('AbortError (or an aborted signal) means cancelled, at any stage', () => {
    const abort = new DOMException('The operation was aborted.', 'AbortError');
    for (const stage of ['connect', 'read', 'store'] as const) {
      expect(toHubError(abort, { ...ctx('x'), stage }).reason).toBe('cancelled');
      expect(toHubError(new TypeError('network error'), { ...ctx('x'), stage, aborted: true }).reason).toBe('cancelled');
    }
    expect(toHubError(abort, { ...ctx('x'), stage: 'read' }).message).toBe('Download of Xenova/bert-base-uncased cancelled. Nothing was saved.');
  });

  it('keeps a HubError as it is and travels as a protocol error', () => {
    const e = notDownloadedError('Xenova/roberta-base', 'q8');
    expect(toHubError(e, { ...ctx('x'), stage: 'read' })).toBe(e);
    expect(toErrorInfo(e)).toEqual({ code: 'model-file', message: e.message });
    expect(e.message).toMatch(/Model Xenova\/roberta-base \(q8\) is not downloaded yet\. Open the Attention Lens options/);
    expect(new HubError('unsupported', 'x', 'model-graph').code).toBe('model-graph');
  });
});
