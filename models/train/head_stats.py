"""Held-out evaluation for attention-lens-mini: masked-LM loss/accuracy, unigram baseline,
and the per-head attention table.

  /usr/bin/python3 models/train/head_stats.py --ckpt models/train/work/best.pt [--json out.json]

Per-head statistics, on held-out sentences each run alone as [CLS] w_1 .. w_n [SEP]
(w = WordPiece tokens), from the softmax attention probabilities of every layer/head:
  queries are the word tokens w_1..w_n (not [CLS]/[SEP]); every statistic is pooled over all
  such query tokens of all sentences (token-weighted mean), except:
  cls   mass on [CLS] (key 0)
  sep   mass on the final [SEP]
  prev  mass on key i-1, over queries i = 2..n (the previous token is a word token)
  next  mass on key i+1, over queries i = 1..n-1 (the next token is a word token)
  self  mass on key i
  ent   entropy of the query's attention row, in nats
"""
import argparse, json, math, os, sys
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Cfg, BertForMaskedLM

WORK = os.path.join(HERE, 'work')
MASK_ID, CLS_ID, SEP_ID, PAD_ID = 103, 101, 102, 0


def continuation_flags():
    """piece[id] is True for WordPiece continuation pieces ('##...') of the shipped tokenizer's vocabulary."""
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'attention-lens-mini', 'tokenizer.json')) as f:
        vocab = json.load(f)['model']['vocab']
    piece = [False] * (max(vocab.values()) + 1)
    for t, i in vocab.items():
        piece[i] = t.startswith('##')
    return piece


def load_heldout():
    with open(os.path.join(WORK, 'heldout_ids.json')) as f:
        return json.load(f)


def batches(seqs, bs=32):
    for i in range(0, len(seqs), bs):
        chunk = seqs[i:i + bs]
        n = max(len(s) for s in chunk)
        ids = torch.zeros(len(chunk), n, dtype=torch.long)
        am = torch.zeros(len(chunk), n, dtype=torch.long)
        for j, s in enumerate(chunk):
            ids[j, :len(s)] = torch.tensor(s)
            am[j, :len(s)] = 1
        yield chunk, ids, am


@torch.no_grad()
def head_table(model, heldout):
    model.eval()
    c = model.config
    L, H = c.num_hidden_layers, c.num_attention_heads
    keys = ['cls', 'sep', 'prev', 'next', 'self', 'ent', 'word']
    sums = {k: np.zeros((L, H)) for k in keys}
    piece = continuation_flags()
    cnt = {k: 0 for k in keys}
    for chunk, ids, am in batches(heldout):
        _, probs = model.bert.run(ids, am, torch.zeros_like(ids), True)
        for j, s in enumerate(chunk):
            n = len(s) - 2
            if n < 1:
                continue
            q = torch.arange(1, n + 1)
            for l in range(L):
                p = probs[l][j, :, :n + 2, :n + 2]  # H x T x T
                rows = p[:, 1:n + 1, :]  # H x n x T
                sums['cls'][l] += rows[:, :, 0].sum(1).numpy()
                sums['sep'][l] += rows[:, :, n + 1].sum(1).numpy()
                sums['self'][l] += p[:, q, q].sum(1).numpy()
                ent = -(rows.clamp_min(1e-12).log() * rows).sum(-1)
                sums['ent'][l] += ent.sum(1).numpy()
                if n >= 2:
                    qp = torch.arange(2, n + 1)
                    sums['prev'][l] += p[:, qp, qp - 1].sum(1).numpy()
                    qn = torch.arange(1, n)
                    sums['next'][l] += p[:, qn, qn + 1].sum(1).numpy()
            cnt['cls'] += n
            cnt['sep'] += n
            cnt['self'] += n
            cnt['ent'] += n
            cnt['prev'] += max(n - 1, 0)
            cnt['next'] += max(n - 1, 0)
            # word: mass on the other WordPiece pieces of the query's own word (a word = a piece without
            # '##' and the '##' pieces after it), over queries whose word has more than one piece.
            word, w = [], -1
            for t in s[1:n + 1]:
                w += 0 if piece[t] else 1
                word.append(w)
            for qi in range(n):
                same = [k + 1 for k in range(n) if k != qi and word[k] == word[qi]]
                if not same:
                    continue
                for l in range(L):
                    sums['word'][l] += probs[l][j, :, qi + 1, same].sum(-1).numpy()
                cnt['word'] += 1
    return {k: (sums[k] / max(cnt[k], 1)).round(4).tolist() for k in keys}


BUCKETS = [(1, 31), (32, 63), (64, 127), (128, 255), (256, 510)]


def load_heldout_long(window=512):
    """The held-out Brown documents cut into consecutive full windows [CLS] + (window-2) tokens + [SEP]."""
    path = os.path.join(WORK, 'heldout_long_ids.json')
    if not os.path.exists(path):
        return []
    body = window - 2
    out = []
    for doc in json.load(open(path)):
        for i in range(0, len(doc) - body + 1, body):
            out.append([CLS_ID] + doc[i:i + body] + [SEP_ID])
    return out


@torch.no_grad()
def position_table(model, windows, bs=4):
    """Per head and query-position bucket: mean mass on the previous token (key i-1, queries i>=2),
    the next token (key i+1, queries i<=n-2), [CLS] (key 0) and the final [SEP], over word-token
    queries of full 512-token held-out windows."""
    model.eval()
    L, H = model.config.num_hidden_layers, model.config.num_attention_heads
    keys = ['prev', 'next', 'cls', 'sep']
    sums = {k: np.zeros((len(BUCKETS), L, H)) for k in keys}
    cnts = {k: np.zeros(len(BUCKETS)) for k in keys}
    for i in range(0, len(windows), bs):
        ids = torch.tensor(windows[i:i + bs])
        am = torch.ones_like(ids)
        _, probs = model.bert.run(ids, am, torch.zeros_like(ids), want_probs=True)
        n = ids.shape[1]
        P = torch.stack(probs, 1).numpy()  # (B, L, H, n, n)
        q = np.arange(n)
        for bi, (lo, hi) in enumerate(BUCKETS):
            hi = min(hi, n - 2)
            for k in keys:
                if k == 'prev':
                    qs = q[max(lo, 2):hi + 1]; ks = qs - 1
                elif k == 'next':
                    qs = q[lo:min(hi, n - 3) + 1]; ks = qs + 1
                elif k == 'cls':
                    qs = q[lo:hi + 1]; ks = np.zeros_like(qs)
                else:
                    qs = q[lo:hi + 1]; ks = np.full_like(qs, n - 1)
                sums[k][bi] += P[:, :, :, qs, ks].sum(axis=(0, 3))
                cnts[k][bi] += P.shape[0] * len(qs)
    tab = {k: (sums[k] / np.maximum(cnts[k], 1)[:, None, None]).round(4).tolist() for k in keys}
    tab['buckets'] = [list(b) for b in BUCKETS]
    return tab


def position_bars(ptab):
    """Per bucket: the best head's value for prev, next and max([CLS], [SEP])."""
    out = []
    for bi, b in enumerate(ptab['buckets']):
        row = {'bucket': b}
        for name, ks in [('prev', ['prev']), ('next', ['next']), ('cls_or_sep', ['cls', 'sep'])]:
            best = max(((np.array(ptab[k][bi]).max(), k, np.unravel_index(np.array(ptab[k][bi]).argmax(),
                                                                           np.array(ptab[k][bi]).shape))
                        for k in ks), key=lambda t: t[0])
            row[name] = {'value': round(float(best[0]), 4), 'layer': int(best[2][0]), 'head': int(best[2][1]),
                         'stat': best[1]}
        # a [CLS]/[SEP] sink head: mass on [CLS] + the final [SEP] (long inputs split it between the two)
        sink = np.array(ptab['cls'][bi]) + np.array(ptab['sep'][bi])
        l, h = np.unravel_index(sink.argmax(), sink.shape)
        row['sink'] = {'value': round(float(sink[l, h]), 4), 'layer': int(l), 'head': int(h), 'stat': 'cls+sep'}
        out.append(row)
    return out


def fixed_masks(heldout, seed=4242, rate=0.15):
    """Deterministic evaluation masks: 15% of word tokens (at least one) per sentence, all
    replaced by [MASK]."""
    rng = np.random.default_rng(seed)
    out = []
    for s in heldout:
        n = len(s) - 2
        k = max(1, int(round(rate * n)))
        pos = sorted((rng.choice(n, size=k, replace=False) + 1).tolist())
        out.append(pos)
    return out


@torch.no_grad()
def mlm_eval(model, heldout, unigram_counts=None, bs=32):
    model.eval()
    masks = fixed_masks(heldout)
    tot_loss, tot_ok, tot_top5 = 0.0, 0, 0
    tot = 0
    targets_all = []
    for bi, (chunk, ids, am) in enumerate(batches(heldout, bs)):
        base = bi * bs
        inp = ids.clone()
        sel_b, sel_t = [], []
        for j in range(len(chunk)):
            for t in masks[base + j]:
                sel_b.append(j)
                sel_t.append(t)
        sel_b = torch.tensor(sel_b)
        sel_t = torch.tensor(sel_t)
        tgt = ids[sel_b, sel_t]
        inp[sel_b, sel_t] = MASK_ID
        h = model.bert(inp, am, torch.zeros_like(inp))
        logits = model.mlm_logits(h[sel_b, sel_t])
        tot_loss += F.cross_entropy(logits, tgt, reduction='sum').item()
        tot_ok += (logits.argmax(-1) == tgt).sum().item()
        tot_top5 += (logits.topk(5, -1).indices == tgt[:, None]).any(-1).sum().item()
        tot += len(tgt)
        targets_all.append(tgt)
    res = {'heldout_masked_tokens': tot, 'masked_loss': round(tot_loss / tot, 4),
           'masked_accuracy': round(tot_ok / tot, 4), 'masked_top5': round(tot_top5 / tot, 4)}
    if unigram_counts is not None:
        tg = torch.cat(targets_all).numpy()
        top = int(np.argmax(unigram_counts))
        p = (unigram_counts + 1.0) / (unigram_counts.sum() + len(unigram_counts))  # add-one
        res['unigram_baseline'] = {
            'method': 'always predict the argmax of the training unigram distribution '
                      '(= the most frequent training token); loss = cross-entropy of the '
                      'add-one-smoothed training unigram distribution',
            'token_id': top,
            'accuracy': round(float((tg == top).mean()), 4),
            'loss': round(float(-np.log(p[tg]).mean()), 4)}
    return res


def load_heldout_long_sentences():
    path = os.path.join(WORK, 'heldout_long_sents.json')
    return json.load(open(path)) if os.path.exists(path) else None


@torch.no_grad()
def context_eval(model, window=512):
    """The same masked tokens scored twice: inside their full 512-token window, and with each sentence (the part
    of it inside the window) run alone as [CLS] sentence [SEP]. Same targets, same masks: what long context adds."""
    sents = load_heldout_long_sentences()
    path = os.path.join(WORK, 'heldout_long_ids.json')
    if sents is None or not os.path.exists(path):
        return None
    docs = json.load(open(path))
    body = window - 2
    windows, bounds = [], []
    for doc, lens in zip(docs, sents):
        starts = np.cumsum([0] + lens)
        for i in range(0, len(doc) - body + 1, body):
            windows.append([CLS_ID] + doc[i:i + body] + [SEP_ID])
            # sentence pieces inside this window, as (start, end) in window positions 1..body
            pieces = []
            for a, b in zip(starts[:-1], starts[1:]):
                lo, hi = max(a, i), min(b, i + body)
                if hi > lo:
                    pieces.append((lo - i + 1, hi - i + 1))
            bounds.append(pieces)
    masks = fixed_masks(windows)
    model.eval()
    ok_long = ok_single = tot = 0
    for wi, (w, pieces, pos) in enumerate(zip(windows, bounds, masks)):
        ids = torch.tensor([w])
        inp = ids.clone()
        sel = torch.tensor(pos)
        inp[0, sel] = MASK_ID
        h = model.bert(inp, torch.ones_like(inp), torch.zeros_like(inp))
        pred_long = model.mlm_logits(h[0, sel]).argmax(-1)
        tgt = ids[0, sel]
        ok_long += (pred_long == tgt).sum().item()
        # each sentence alone, same masked positions
        rows, maps = [], []
        for (a, b) in pieces:
            inner = [p for p in pos if a <= p < b]
            if not inner:
                continue
            seq = [CLS_ID] + [MASK_ID if (a + k) in inner else w[a + k] for k in range(b - a)] + [SEP_ID]
            rows.append(seq)
            maps.append([(p - a + 1, pos.index(p)) for p in inner])
        preds = {}
        for chunk_start in range(0, len(rows), 32):
            chunk = rows[chunk_start:chunk_start + 32]
            n = max(len(r) for r in chunk)
            x = torch.zeros(len(chunk), n, dtype=torch.long)
            am = torch.zeros_like(x)
            for j, r in enumerate(chunk):
                x[j, :len(r)] = torch.tensor(r)
                am[j, :len(r)] = 1
            hh = model.bert(x, am, torch.zeros_like(x))
            for j, mp in enumerate(maps[chunk_start:chunk_start + 32]):
                logits = model.mlm_logits(hh[j, [q for q, _ in mp]])
                for (q, k), pr in zip(mp, logits.argmax(-1).tolist()):
                    preds[k] = pr
        ok_single += sum(1 for k in range(len(pos)) if preds.get(k) == int(tgt[k]))
        tot += len(pos)
    return {'masked_tokens': tot, 'accuracy_in_512_windows': round(ok_long / tot, 4),
            'accuracy_same_tokens_as_single_sentences': round(ok_single / tot, 4)}


def long_eval(model, windows):
    """Masked-token loss/accuracy on full 512-token held-out windows (same fixed-mask rule)."""
    if not windows:
        return None
    ev = mlm_eval(model, windows, bs=4)
    return {'windows': len(windows), **ev}


def unigram_counts():
    toks = np.fromfile(os.path.join(WORK, 'tokens.bin'), dtype=np.int32)
    return np.bincount(toks, minlength=30522).astype(np.float64)


def format_table(tab):
    L = len(tab['cls'])
    H = len(tab['cls'][0])
    lines = ['layer head   cls    sep   prev   next   self  entropy  word']
    for l in range(L):
        for h in range(H):
            lines.append(f'{l:5d} {h:4d} ' + ' '.join(f'{tab[k][l][h]:6.3f}' for k in
                                                     ['cls', 'sep', 'prev', 'next', 'self']) +
                         f'  {tab["ent"][l][h]:6.3f} {tab["word"][l][h]:6.3f}')
    return '\n'.join(lines)


def bars(tab):
    out = {}
    for name, keys in [('prev', ['prev']), ('next', ['next']), ('cls_or_sep', ['cls', 'sep'])]:
        best = None
        for k in keys:
            a = np.array(tab[k])
            l, h = np.unravel_index(a.argmax(), a.shape)
            if best is None or a[l, h] > best[2]:
                best = (int(l), int(h), float(a[l, h]), k)
        out[name] = {'layer': best[0], 'head': best[1], 'value': round(best[2], 4), 'stat': best[3],
                     'meets_0.5': best[2] >= 0.5}
    return out


def load_model(path, fp16_weights=False):
    ck = torch.load(path, map_location='cpu')
    m = BertForMaskedLM(Cfg(**ck['cfg']))
    m.load_state_dict(ck['model'])
    if fp16_weights:  # the weights as the shipped file stores them (export.py --fp16-weights)
        with torch.no_grad():
            for p in m.parameters():
                p.copy_(p.half().float())
    return m, ck


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt', required=True)
    ap.add_argument('--json')
    ap.add_argument('--fp16-weights', action='store_true', help='round the weights to float16 first, as the export does')
    ap.add_argument('--eval-spec', help='write the fixed masks, windows and sentence lengths here (the card test '
                                        'recomputes every figure from the ONNX file with exactly these)')
    a = ap.parse_args()
    torch.set_num_threads(2)
    m, ck = load_model(a.ckpt, a.fp16_weights)
    held = load_heldout()
    ev = mlm_eval(m, held, unigram_counts())
    tab = head_table(m, held)
    windows = load_heldout_long()
    lev = long_eval(m, windows)
    cev = context_eval(m)
    ptab = position_table(m, windows)
    print(f"checkpoint step {ck.get('step')}, tokens seen {ck.get('tokens_seen')}")
    print(json.dumps(ev, indent=1))
    print('long contexts:', json.dumps(lev))
    print('same tokens, long vs single:', json.dumps(cev))
    print(format_table(tab))
    print(json.dumps(bars(tab)))
    for row in position_bars(ptab):
        print(json.dumps(row))
    if a.eval_spec:
        spec = {
            'note': 'Fixed evaluation masks of the model card (written by models/train/head_stats.py). '
                    'sentences: one list of masked token positions per line of heldout.txt, positions in '
                    '[CLS] sentence [SEP]. long: the lines of heldout-long.txt tokenised whole, cut into '
                    'consecutive windows of 510 tokens ([CLS] + 510 + [SEP]; a last partial window is dropped), '
                    'masks per window (positions 1..510), and each document\'s sentence lengths in tokens '
                    '(to score the same tokens as single sentences).',
            'sentences': fixed_masks(held),
            'long': {'window': 512, 'masks': fixed_masks(windows),
                     'sentence_lengths': load_heldout_long_sentences()},
        }
        with open(a.eval_spec, 'w') as f:
            json.dump(spec, f, separators=(',', ':'))
            f.write('\n')
    if a.json:
        with open(a.json, 'w') as f:
            json.dump({'step': ck.get('step'), 'eval': ev, 'heads': tab, 'bars': bars(tab),
                       'heldout_sentences': len(held), 'long_eval': lev, 'context_eval': cev, 'positions': ptab,
                       'position_bars': position_bars(ptab)}, f, indent=1)


if __name__ == '__main__':
    main()
