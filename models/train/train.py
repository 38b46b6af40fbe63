"""Seeded masked-LM pre-training of attention-lens-mini on CPU.

  nice -n 10 /usr/bin/python3 models/train/train.py --steps N [--resume] [--short-frac F]
(see run.sh for the exact two-phase recipe and environment of the shipped model; run.sh also sets
MALLOC_* so glibc keeps freed memory: on the build VM fresh page faults were very expensive)

Data: models/train/work/{tokens,sents,docs}.bin from prepare-corpus.mjs.
Each step draws one batch, deterministically from (seed, step), so a resumed run sees exactly
the batches an uninterrupted run would:
  - "long" batches (prob 1 - short_frac): [CLS] + 126 contiguous tokens starting at a sentence
    start (running on through following sentences/documents) + [SEP]
  - "short" batches: single sentences as [CLS] sentence [SEP] (the evaluation format), padded,
    processed in --chunks length-sorted chunks (same gradient, less padding).
Position embeddings are learned (HF-compatible) but initialised with scaled sinusoids.
MLM: 15% of non-special tokens, 80% [MASK] / 10% random / 10% unchanged; vocab logits are
computed only at masked positions; output embeddings tied to the input embeddings.
AdamW, linear warmup then inverse-sqrt decay (default) or linear decay to 0 at --steps.
"""
import argparse, json, math, os, sys, time
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import model as model_lib
from model import Cfg, BertForMaskedLM
import head_stats

WORK = os.path.join(HERE, 'work')
CLS_ID, SEP_ID, MASK_ID, PAD_ID = 101, 102, 103, 0
FIRST_REAL = 999  # ids below are [PAD]/[unusedN]/[UNK]/[CLS]/[SEP]/[MASK]; random replacements avoid them


def parse():
    ap = argparse.ArgumentParser()
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--steps', type=int, default=100000)
    ap.add_argument('--hidden-size', type=int, default=128)
    ap.add_argument('--num-hidden-layers', type=int, default=4)
    ap.add_argument('--num-attention-heads', type=int, default=4)
    ap.add_argument('--intermediate-size', type=int, default=512)
    ap.add_argument('--max-position-embeddings', type=int, default=512)
    ap.add_argument('--dropout', type=float, default=0.0)
    ap.add_argument('--attn-dropout', type=float, default=0.0)
    ap.add_argument('--pos-init', choices=['sinusoidal', 'normal'], default='sinusoidal',
                    help='initialisation of the (learned, absolute) position embeddings')
    ap.add_argument('--pos-init-rms', type=float, default=0.02)
    ap.add_argument('--seq-len', type=int, default=128, help='longest long-batch sequence ([CLS] .. [SEP])')
    ap.add_argument('--batch-size', type=int, default=16, help='long-batch size (sequences) at --seq-len')
    ap.add_argument('--long-min', type=int, default=0,
                    help='mixed lengths: a long batch is --seq-len with prob --full-frac, else uniform in '
                         '[--long-min, --seq-len], with batch size scaled to keep --batch-size*--seq-len tokens '
                         '(0: always --seq-len)')
    ap.add_argument('--full-frac', type=float, default=0.5)
    ap.add_argument('--init', default=None, help='start from this checkpoint\'s weights (fresh optimizer) when '
                    'work/ckpt.pt does not exist (init_from_onnx.py writes one from a shipped model)')
    ap.add_argument('--freeze-encoder', action='store_true',
                    help='train only the masked-LM head (transform + decoder bias) on a frozen encoder')
    ap.add_argument('--short-batch-size', type=int, default=64)
    ap.add_argument('--short-frac', type=float, default=0.5)
    ap.add_argument('--lr', type=float, default=2e-3)
    ap.add_argument('--warmup', type=int, default=300)
    ap.add_argument('--schedule', choices=['invsqrt', 'linear'], default='invsqrt',
                    help='invsqrt: warmup then lr*sqrt(warmup/step), independent of --steps, so a '
                         'run stopped early is the prefix of a longer one')
    ap.add_argument('--lr-hold-from', type=int, default=0, help='from this step on use a constant --lr-hold (0: off)')
    ap.add_argument('--lr-hold', type=float, default=1e-3)
    ap.add_argument('--lr-decay-from', type=int, default=0,
                    help='from this step on, decay linearly from --lr-hold to 0 at --steps (0: off)')
    ap.add_argument('--stop-at', type=int, default=0,
                    help='stop (with a checkpoint) at this step without changing the schedule, which --steps sets '
                         '(0: at --steps); run.sh uses it to replay a run that was stopped and resumed with new args')
    ap.add_argument('--weight-decay', type=float, default=0.01)
    ap.add_argument('--mask-rate', type=float, default=0.15)
    ap.add_argument('--chunks', type=int, default=4,
                    help='split each batch into this many length-sorted chunks (same gradient, less padding)')
    ap.add_argument('--threads', type=int, default=1, help='1 is 4-6x faster than 2 on this shared 2-core VM (OpenMP barriers under contention)')
    ap.add_argument('--ckpt-every-min', type=float, default=4.0)
    ap.add_argument('--eval-every', type=int, default=250)
    ap.add_argument('--log-every', type=int, default=50)
    ap.add_argument('--long-eval-every', type=int, default=0, help='per-position table + long-context '
                    'masked accuracy on the held-out documents every N steps (0: off)')
    ap.add_argument('--run-dir', default=None, help='checkpoints and log (default: --work)')
    ap.add_argument('--resume', action='store_true')
    ap.add_argument('--bench', type=int, default=0, help='time N steps and exit (no files written)')
    ap.add_argument('--work', default=WORK)
    return ap.parse_args()


class Data:
    def __init__(self, work):
        self.tok = np.fromfile(os.path.join(work, 'tokens.bin'), dtype=np.int32)
        self.sents = np.fromfile(os.path.join(work, 'sents.bin'), dtype=np.int32)
        self.nsent = len(self.sents) - 1

    def long_batch(self, rng, bs, seq_len):
        body = seq_len - 2
        ids = np.empty((bs, seq_len), dtype=np.int64)
        ids[:, 0] = CLS_ID
        ids[:, -1] = SEP_ID
        starts = self.sents[rng.integers(0, self.nsent, size=bs)]
        for i, s in enumerate(starts):
            s = min(int(s), len(self.tok) - body)
            ids[i, 1:-1] = self.tok[s:s + body]
        return ids, np.ones_like(ids)

    def short_batch(self, rng, bs, max_len):
        idx = rng.integers(0, self.nsent, size=bs)
        rows = []
        for k in idx:
            a, b = int(self.sents[k]), int(self.sents[k + 1])
            rows.append(self.tok[a:min(b, a + max_len - 2)])
        n = max(len(r) for r in rows) + 2
        ids = np.zeros((bs, n), dtype=np.int64)
        am = np.zeros((bs, n), dtype=np.int64)
        for i, r in enumerate(rows):
            ids[i, 0] = CLS_ID
            ids[i, 1:1 + len(r)] = r
            ids[i, 1 + len(r)] = SEP_ID
            am[i, :len(r) + 2] = 1
        return ids, am


def mask_batch(ids, am, rng, rate):
    ids = ids.copy()
    cand = (am == 1) & (ids != CLS_ID) & (ids != SEP_ID)
    r = rng.random(ids.shape)
    sel = cand & (r < rate)
    # guarantee one masked token per row
    for i in np.where(~sel.any(1))[0]:
        c = np.where(cand[i])[0]
        if len(c):
            sel[i, rng.choice(c)] = True
    tgt = ids[sel].copy()
    u = rng.random(len(tgt))
    repl = ids[sel]
    repl = np.where(u < 0.8, MASK_ID, repl)
    rnd = rng.integers(FIRST_REAL, 30522, size=len(tgt))
    repl = np.where((u >= 0.8) & (u < 0.9), rnd, repl)
    ids[sel] = repl
    b, t = np.where(sel)
    return ids, b, t, tgt


def train_step_chunked(model, inp, am, b, t, tgt, n_chunks):
    """Forward/backward of one batch, split into n_chunks row groups of similar length, each
    trimmed to its own longest row.  Padding never affects real positions (masked keys, same
    position ids), and each chunk's summed loss is divided by the batch's masked-token count, so
    the accumulated gradient equals the full padded batch's (up to float rounding) at a fraction of
    the cost when lengths vary (single-sentence batches)."""
    lengths = am.sum(1)
    order = np.argsort(lengths, kind='stable')
    n_total = len(tgt)
    tgt_all = torch.from_numpy(tgt)
    loss_sum = 0.0
    for rows in np.array_split(order, min(n_chunks, len(order))):
        if not len(rows):
            continue
        n = int(lengths[rows].max())
        sel = np.isin(b, rows)
        if not sel.any():
            continue
        row_pos = np.full(len(am), -1)
        row_pos[rows] = np.arange(len(rows))
        x = torch.from_numpy(np.ascontiguousarray(inp[rows, :n]))
        m = torch.from_numpy(np.ascontiguousarray(am[rows, :n]))
        h = model.bert(x, m, torch.zeros_like(x))
        hb = torch.from_numpy(row_pos[b[sel]])
        ht = torch.from_numpy(t[sel])
        logits = model.mlm_logits(h[hb, ht])
        l = F.cross_entropy(logits, tgt_all[torch.from_numpy(np.where(sel)[0])], reduction='sum')
        (l / n_total).backward()
        loss_sum += l.item()
    return torch.tensor(loss_sum / n_total)


def lr_at(step, a):
    if a.lr_decay_from and step >= a.lr_decay_from:
        return a.lr_hold * max(0.0, (a.steps - step) / max(1, a.steps - a.lr_decay_from))
    if a.lr_hold_from and step >= a.lr_hold_from:
        return a.lr_hold
    if step < a.warmup:
        return a.lr * (step + 1) / a.warmup
    if a.schedule == 'invsqrt':
        return a.lr * math.sqrt(a.warmup / step)
    return a.lr * max(0.0, (a.steps - step) / max(1, a.steps - a.warmup))


def sinusoidal(n, d, rms):
    pos = torch.arange(n, dtype=torch.float32)[:, None]
    div = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
    pe = torch.zeros(n, d)
    pe[:, 0::2] = torch.sin(pos * div)
    pe[:, 1::2] = torch.cos(pos * div)
    return pe * (rms / math.sqrt(0.5))


def main():
    a = parse()
    torch.set_num_threads(a.threads)
    model_lib.FAST_BMM = True
    torch.manual_seed(a.seed)
    np.random.seed(a.seed)
    cfg = Cfg(hidden_size=a.hidden_size, num_hidden_layers=a.num_hidden_layers,
              num_attention_heads=a.num_attention_heads, intermediate_size=a.intermediate_size,
              max_position_embeddings=a.max_position_embeddings,
              hidden_dropout_prob=a.dropout, attention_probs_dropout_prob=a.attn_dropout)
    model = BertForMaskedLM(cfg)
    if a.pos_init == 'sinusoidal':
        with torch.no_grad():
            model.bert.embeddings.position_embeddings.weight.copy_(
                sinusoidal(cfg.max_position_embeddings, cfg.hidden_size, a.pos_init_rms))
    if a.freeze_encoder:
        for p in model.bert.parameters():
            p.requires_grad_(False)
    decay, no_decay = [], []
    for n, p in model.named_parameters():
        if not p.requires_grad:
            continue
        (no_decay if (p.ndim < 2 or 'LayerNorm' in n or 'bias' in n) else decay).append(p)
    opt = torch.optim.AdamW([{'params': decay, 'weight_decay': a.weight_decay},
                             {'params': no_decay, 'weight_decay': 0.0}],
                            lr=a.lr, betas=(0.9, 0.98), eps=1e-6)
    data = Data(a.work)
    heldout = head_stats.load_heldout()
    long_windows = head_stats.load_heldout_long()
    run_dir = a.run_dir or a.work
    os.makedirs(run_dir, exist_ok=True)
    ckpt_path = os.path.join(run_dir, 'ckpt.pt')
    best_path = os.path.join(run_dir, 'best.pt')
    log_path = os.path.join(run_dir, 'log.jsonl')
    step, tokens_seen, elapsed_before, cpu_before, best_loss = 0, 0, 0.0, 0.0, float('inf')
    if not (a.resume and os.path.exists(ckpt_path)) and a.init:
        ck = torch.load(a.init, map_location='cpu')
        model.load_state_dict(ck['model'])
        print(f'initialised from {a.init}: {ck.get("init")}', flush=True)
    if a.resume and os.path.exists(ckpt_path):
        ck = torch.load(ckpt_path, map_location='cpu')
        model.load_state_dict(ck['model'])
        try:
            opt.load_state_dict(ck['opt'])
        except (ValueError, KeyError, TypeError) as e:  # phase change (e.g. frozen -> full): new optimizer
            print(f'optimizer state not resumed ({e}); fresh AdamW', flush=True)
        step, tokens_seen = ck['step'], ck['tokens_seen']
        elapsed_before, best_loss = ck['elapsed'], ck.get('best_loss', best_loss)
        cpu_before = ck.get('cpu', 0.0)
        print(f'resumed at step {step}', flush=True)
    n_params = sum(p.numel() for p in model.parameters())
    print(f'params {n_params}, args {vars(a)}', flush=True)

    def save(path, extra=None):
        d = {'model': model.state_dict(), 'opt': opt.state_dict(), 'cfg': cfg.to_dict(),
             'step': step, 'tokens_seen': tokens_seen, 'elapsed': elapsed_before + time.time() - t0,
             'cpu': cpu_before + time.process_time() - c0,
             'best_loss': best_loss, 'args': vars(a)}
        if extra:
            d.update(extra)
        torch.save(d, path + '.tmp')
        os.replace(path + '.tmp', path)

    logf = None if a.bench else open(log_path, 'a')
    t0 = time.time()
    c0 = time.process_time()
    last_ck = t0
    run_loss, run_n = 0.0, 0
    model.train()
    stop = min(a.steps, a.stop_at) if a.stop_at else a.steps
    while step < stop:
        rng = np.random.default_rng([a.seed, step])
        torch.manual_seed(a.seed * 1000003 + step)  # dropout
        if rng.random() < a.short_frac:
            ids, am = data.short_batch(rng, a.short_batch_size, min(a.seq_len, 128))
        else:
            L = a.seq_len
            if a.long_min and rng.random() >= a.full_frac:
                L = int(rng.integers(a.long_min, a.seq_len + 1))
            bs = max(1, round(a.batch_size * a.seq_len / L))
            ids, am = data.long_batch(rng, bs, L)
        inp, b, t, tgt = mask_batch(ids, am, rng, a.mask_rate)
        for g in opt.param_groups:
            g['lr'] = lr_at(step, a)
        opt.zero_grad(set_to_none=True)
        loss = train_step_chunked(model, inp, am, b, t, tgt, a.chunks)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        step += 1
        tokens_seen += int(am.sum())
        run_loss += loss.item()
        run_n += 1
        if a.bench:
            now = time.time()
            import resource
            ru = resource.getrusage(resource.RUSAGE_SELF)
            print(f'step {step} wall {now - (getattr(main, "_last", t0)):.2f}s user {ru.ru_utime:.1f} sys {ru.ru_stime:.1f} minflt {ru.ru_minflt}', flush=True)
            main._last = now
        if a.bench and step >= a.bench:
            dt = time.time() - t0
            print(json.dumps({'bench_steps': a.bench, 'sec': round(dt, 1), 'steps_per_s': round(a.bench / dt, 3),
                              'tokens_per_s': round(tokens_seen / dt), 'params': n_params}))
            return
        if step % a.log_every == 0:
            rec = {'step': step, 'loss': round(run_loss / run_n, 4), 'lr': lr_at(step - 1, a),
                   'tokens_seen': tokens_seen, 'elapsed_s': round(elapsed_before + time.time() - t0, 1),
                   'cpu_s': round(cpu_before + time.process_time() - c0, 1)}
            logf.write(json.dumps(rec) + '\n'); logf.flush()
            print(json.dumps(rec), flush=True)
            run_loss, run_n = 0.0, 0
        if step % a.eval_every == 0 or step == a.steps:
            ev = head_stats.mlm_eval(model, heldout)
            tab = head_stats.head_table(model, heldout)
            model.train()
            if a.long_eval_every and (step % a.long_eval_every == 0 or step == a.steps):
                ptab = head_stats.position_table(model, long_windows)
                lev = head_stats.long_eval(model, long_windows)
                logf.write(json.dumps({'step': step, 'long_eval': lev,
                                       'position_bars': head_stats.position_bars(ptab)}) + '\n')
                print(json.dumps({'step': step, 'long_eval': lev, 'position_bars': [
                    [r['prev']['value'], r['next']['value'], r['cls_or_sep']['value']]
                    for r in head_stats.position_bars(ptab)]}), flush=True)
            rec = {'step': step, 'eval': ev, 'bars': head_stats.bars(tab),
                   'elapsed_s': round(elapsed_before + time.time() - t0, 1)}
            logf.write(json.dumps(rec) + '\n'); logf.flush()
            print(json.dumps(rec), flush=True)
            if ev['masked_loss'] < best_loss:
                best_loss = ev['masked_loss']
                save(best_path, {'eval': ev, 'bars': rec['bars']})
            save(os.path.join(run_dir, 'last_eval.pt'), {'eval': ev, 'bars': rec['bars']})
            last_ck = time.time()
            save(ckpt_path)
        if time.time() - last_ck > a.ckpt_every_min * 60:
            save(ckpt_path)
            last_ck = time.time()
    save(ckpt_path)
    print('done', flush=True)


if __name__ == '__main__':
    main()
