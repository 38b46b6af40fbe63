"""Export the encoder (BertModel part) to ONNX in the Hub/Optimum layout.

  /usr/bin/python3 models/train/export.py --random --seed 1234
  /usr/bin/python3 models/train/export.py --ckpt models/train/work/best.pt
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
        "architectures": ["BertModel"],
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--ckpt')
    ap.add_argument('--random', action='store_true')
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--out-dir', default=OUT_DIR)
    ap.add_argument('--opset', type=int, default=17)
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
        extra['attention_lens'] = {"weights": "trained", "step": ck.get('step'),
                                   "tokens_seen": ck.get('tokens_seen')}
    enc = m.bert.eval()

    onnx_dir = os.path.join(a.out_dir, 'onnx')
    os.makedirs(onnx_dir, exist_ok=True)
    path = os.path.join(onnx_dir, 'model.onnx')
    tmp = path + '.tmp'
    ids = torch.tensor([[101, 7592, 2630, 20968, 999, 102]], dtype=torch.long)
    am = torch.ones_like(ids)
    tt = torch.zeros_like(ids)
    with torch.no_grad():
        torch.onnx.export(
            enc, (ids, am, tt), tmp,
            input_names=['input_ids', 'attention_mask', 'token_type_ids'],
            output_names=['last_hidden_state'],
            dynamic_axes={n: {0: 'batch_size', 1: 'sequence_length'} for n in
                          ['input_ids', 'attention_mask', 'token_type_ids', 'last_hidden_state']},
            opset_version=a.opset, do_constant_folding=True,
            export_params=True)
    import onnx
    mo = onnx.load(tmp)
    onnx.checker.check_model(mo)
    n_soft = sum(1 for n in mo.graph.node if n.op_type == 'Softmax')
    assert n_soft == c.num_hidden_layers, n_soft
    assert [o.name for o in mo.graph.output] == ['last_hidden_state']
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
    with torch.no_grad():
        ref_out = enc(ref_ids, ref_am, ref_tt)
    ref_path = os.path.join(ROOT, 'models', 'train', 'work', 'ref.json')
    os.makedirs(os.path.dirname(ref_path), exist_ok=True)
    with open(ref_path, 'w') as f:
        json.dump({"onnx": path, "input_ids": ref_ids.tolist(), "attention_mask": ref_am.tolist(),
                   "token_type_ids": ref_tt.tolist(), "dims": list(ref_out.shape),
                   "last_hidden_state": ref_out.flatten().tolist()}, f)
    print(json.dumps({"onnx": path, "bytes": os.path.getsize(path), "softmax_nodes": n_soft,
                      "opset": a.opset}))


if __name__ == '__main__':
    main()
