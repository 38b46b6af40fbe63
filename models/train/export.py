"""Export the model to ONNX in the Hub/Optimum layout: the encoder (BertModel, output last_hidden_state) and its
masked-LM head, evaluated only at the positions the caller asks for:

  inputs  input_ids, attention_mask, token_type_ids  [batch, n]   mask_positions [k] (token indices, k >= 1)
  outputs last_hidden_state [batch, n, hidden]        mask_logits [batch, k, vocab]

so probing a masked token costs k x vocab x hidden, not n x vocab x hidden (the analysis passes one dummy
position when nothing is masked). The decoder is tied to the word embeddings in the file too: the graph transposes
embeddings.word_embeddings.weight itself, so the 15.6 MB table is stored once.

With --fp16-weights (what the shipped model uses) every weight is first rounded to the nearest float16, the model
is exported and evaluated in float32 as always, and then each initializer (all of them are exactly representable
now) is stored as float16 followed by a Cast to float32: the file halves, onnxruntime folds the casts when it
loads the model, and everything still computes in float32 — the rounded weights are the model (ref.json, the card
and the tests all use them).

  /usr/bin/python3 models/train/export.py --random --seed 1234
  /usr/bin/python3 models/train/export.py --ckpt models/train/work/best.pt --fp16-weights
"""
import argparse, json, os, sys
import torch
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import Cfg, BertForMaskedLM

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT_DIR = os.path.join(ROOT, 'models', 'attention-lens-mini')

DEFAULT_GEOMETRY = dict(hidden_size=128, num_hidden_layers=4, num_attention_heads=4,
                        intermediate_size=512, max_position_embeddings=512)


def hf_config(c, extra=None):
    d = {
        "_name_or_path": "attention-lens-mini",
        "architectures": ["BertForMaskedLM"],
        "model_type": "bert",
        "vocab_size": c.vocab_size,
        "hidden_size": c.hidden_size,
        "num_hidden_layers": c.num_hidden_layers,
        "num_attention_heads": c.num_attention_heads,
        "intermediate_size": c.intermediate_size,
        "max_position_embeddings": c.max_position_embeddings,
        "type_vocab_size": c.type_vocab_size,
        "layer_norm_eps": c.layer_norm_eps,
        "hidden_act": "gelu",
        "hidden_dropout_prob": c.hidden_dropout_prob,
        "attention_probs_dropout_prob": c.attention_probs_dropout_prob,
        "initializer_range": c.initializer_range,
        "pad_token_id": c.pad_token_id,
        "position_embedding_type": "absolute",
        "classifier_dropout": None,
        "use_cache": False,
        "torch_dtype": "float32",
        "transformers_version": "4.46.0",
    }
    if extra:
        d.update(extra)
    return d


def tie_decoder(mo, emb):
    """Constant folding stores the decoder as a second, transposed copy of the word embeddings: replace it with a
    Transpose of the one embeddings initializer (the file keeps one table; onnxruntime folds it at load)."""
    import numpy as np
    from onnx import numpy_helper, helper
    inits = {i.name: i for i in mo.graph.initializer}
    emb_name = next(n for n, i in inits.items() if list(i.dims) == list(emb.shape) and n.endswith('word_embeddings.weight'))
    for name, init in list(inits.items()):
        if list(init.dims) == [emb.shape[1], emb.shape[0]] and np.array_equal(numpy_helper.to_array(init), emb.T):
            mo.graph.initializer.remove(init)
            mo.graph.node.insert(0, helper.make_node('Transpose', [emb_name], [name], name='/cls/predictions/decoder/Transpose', perm=[1, 0]))
            return
    raise SystemExit('decoder weight not found: the export did not fold it as expected')


def round_to_fp16(m):
    """Rounds every parameter to the nearest float16 value (kept as float32): the weights the file stores."""
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(p.half().float())


def store_fp16(mo):
    """Stores each float32 initializer whose values are exactly float16 values as float16 + Cast(to=float): the
    same numbers at half the bytes. Returns (initializers converted, bytes saved)."""
    import numpy as np
    from onnx import numpy_helper, helper, TensorProto
    converted, saved, casts = 0, 0, []
    for init in list(mo.graph.initializer):
        if init.data_type != TensorProto.FLOAT:
            continue
        x = numpy_helper.to_array(init)
        if x.size < 2 or not np.array_equal(x.astype(np.float16).astype(np.float32), x):
            continue
        name = init.name
        half = numpy_helper.from_array(x.astype(np.float16), name + '_fp16')
        mo.graph.initializer.remove(init)
        mo.graph.initializer.append(half)
        casts.append(helper.make_node('Cast', [half.name], [name], name=name + '_cast', to=TensorProto.FLOAT))
        converted += 1
        saved += x.size * 2
    for i, node in enumerate(casts):
        mo.graph.node.insert(i, node)
    return converted, saved


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt')
    ap.add_argument('--random', action='store_true')
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--out-dir', default=OUT_DIR)
    ap.add_argument('--opset', type=int, default=17)
    ap.add_argument('--fp16-weights', action='store_true', help='store the weights as float16 (see the docstring)')
    for k, v in DEFAULT_GEOMETRY.items():
        ap.add_argument('--' + k.replace('_', '-'), type=int, default=v)
    a = ap.parse_args()
    if not a.random and not a.ckpt:
        ap.error('need --ckpt or --random')

    extra = {}
    if a.random:
        torch.manual_seed(a.seed)
        c = Cfg(**{k: getattr(a, k) for k in DEFAULT_GEOMETRY})
        m = BertForMaskedLM(c)
        extra['attention_lens'] = {"weights": "random", "seed": a.seed,
                                   "note": "random-weight fixture, not trained"}
    else:
        ck = torch.load(a.ckpt, map_location='cpu')
        c = Cfg(**ck['cfg'])
        m = BertForMaskedLM(c)
        m.load_state_dict(ck['model'])
        # trained_tokens: the longest input trained on ([CLS] .. [SEP]); the extension windows longer analyses
        # when it is shorter than max_position_embeddings (stage 1 trained 128, stage 2 all 512 positions)
        extra['attention_lens'] = {"weights": "trained", "step": ck.get('step'),
                                   "tokens_seen": ck.get('tokens_seen'),
                                   "trained_tokens": min(c.max_position_embeddings,
                                                         int(ck.get('args', {}).get('seq_len', 128)))}
    if a.fp16_weights:
        round_to_fp16(m)
        extra['attention_lens']['weights_storage'] = 'float16, cast to float32 when loaded (computes in float32)'
    enc = m.bert.eval()
    m.eval()

    class Predictions(torch.nn.Module):
        """cls.predictions.* as in Hugging Face's BertForMaskedLM, so node names read /cls/predictions/..."""

        def __init__(self, mlm):
            super().__init__()
            self.transform = mlm.transform
            self.bias = mlm.decoder_bias
            self.word_embeddings = mlm.bert.embeddings.word_embeddings

        def forward(self, g):
            t = self.transform(g)
            return torch.matmul(t, self.word_embeddings.weight.t()) + self.bias

    class Cls(torch.nn.Module):
        def __init__(self, mlm):
            super().__init__()
            self.predictions = Predictions(mlm)

        def forward(self, g):
            return self.predictions(g)

    class WithMaskedHead(torch.nn.Module):
        """Encoder + masked-LM head at the requested positions (what the extension runs)."""

        def __init__(self, mlm):
            super().__init__()
            self.bert = mlm.bert
            self.cls = Cls(mlm)

        def forward(self, input_ids, attention_mask, token_type_ids, mask_positions):
            h = self.bert(input_ids, attention_mask, token_type_ids)
            g = torch.index_select(h, 1, mask_positions)
            return h, self.cls(g)

    full = WithMaskedHead(m).eval()

    onnx_dir = os.path.join(a.out_dir, 'onnx')
    os.makedirs(onnx_dir, exist_ok=True)
    path = os.path.join(onnx_dir, 'model.onnx')
    tmp = path + '.tmp'
    ids = torch.tensor([[101, 7592, 2630, 20968, 999, 102]], dtype=torch.long)
    am = torch.ones_like(ids)
    tt = torch.zeros_like(ids)
    mp = torch.tensor([3], dtype=torch.long)
    dyn = {n: {0: 'batch_size', 1: 'sequence_length'} for n in ['input_ids', 'attention_mask', 'token_type_ids', 'last_hidden_state']}
    dyn['mask_positions'] = {0: 'num_masked'}
    dyn['mask_logits'] = {0: 'batch_size', 1: 'num_masked'}
    with torch.no_grad():
        torch.onnx.export(
            full, (ids, am, tt, mp), tmp,
            input_names=['input_ids', 'attention_mask', 'token_type_ids', 'mask_positions'],
            output_names=['last_hidden_state', 'mask_logits'],
            dynamic_axes=dyn,
            opset_version=a.opset, do_constant_folding=True,
            export_params=True)
    import onnx
    import numpy as np
    from onnx import numpy_helper, helper
    mo = onnx.load(tmp)
    tie_decoder(mo, m.bert.embeddings.word_embeddings.weight.detach().numpy())
    fp16 = store_fp16(mo) if a.fp16_weights else (0, 0)
    onnx.checker.check_model(mo)
    n_soft = sum(1 for n in mo.graph.node if n.op_type == 'Softmax')
    assert n_soft == c.num_hidden_layers, n_soft
    assert [o.name for o in mo.graph.output] == ['last_hidden_state', 'mask_logits']
    onnx.save(mo, tmp)
    os.replace(tmp, path)  # atomic: pollers never see a half-written file
    cfg_path = os.path.join(a.out_dir, 'config.json')
    with open(cfg_path + '.tmp', 'w') as f:
        json.dump(hf_config(c, extra), f, indent=2)
        f.write('\n')
    os.replace(cfg_path + '.tmp', cfg_path)
    # torch reference for verify-onnx.mjs (padded batch of 2, exercises the in-graph mask)
    ref_ids = torch.tensor([[101, 7592, 2630, 20968, 999, 102, 0, 0],
                            [101, 1996, 4937, 2938, 2006, 1996, 13523, 102]], dtype=torch.long)
    ref_am = (ref_ids != 0).long()
    ref_tt = torch.zeros_like(ref_ids)
    ref_mp = torch.tensor([2, 4], dtype=torch.long)
    with torch.no_grad():
        ref_out, ref_logits = full(ref_ids, ref_am, ref_tt, ref_mp)
    ref_path = os.path.join(ROOT, 'models', 'train', 'work', 'ref.json')
    os.makedirs(os.path.dirname(ref_path), exist_ok=True)
    with open(ref_path, 'w') as f:
        json.dump({"onnx": path, "input_ids": ref_ids.tolist(), "attention_mask": ref_am.tolist(),
                   "token_type_ids": ref_tt.tolist(), "dims": list(ref_out.shape),
                   "last_hidden_state": ref_out.flatten().tolist(),
                   "mask_positions": ref_mp.tolist(), "mask_logits_dims": list(ref_logits.shape),
                   "mask_logits": ref_logits.flatten().tolist()}, f)
    print(json.dumps({"onnx": path, "bytes": os.path.getsize(path), "softmax_nodes": n_soft,
                      "opset": a.opset, "fp16_initializers": fp16[0], "fp16_bytes_saved": fp16[1]}))


if __name__ == '__main__':
    main()
