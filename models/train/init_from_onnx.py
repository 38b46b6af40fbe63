"""Start a training run from the weights of a shipped ONNX export (issue 16: continue from the
released model instead of from scratch).

  /usr/bin/python3 models/train/init_from_onnx.py --onnx models/attention-lens-mini/onnx/model.onnx \
      --out models/train/work/ckpt.pt

The encoder (embeddings + layers) is read from the ONNX initializers; the ONNX graph's anonymous
MatMul weights (onnx::MatMul_N) are matched to modules through the node that consumes them
(/encoder/layer.L/.../MatMul) and transposed back to torch's (out, in) layout.  If the export has a
masked-LM head (cls.predictions.*) it is read too; otherwise the head stays freshly initialised and
the checkpoint says so (train.py --freeze-encoder trains it first).
"""
import argparse, os, sys, re
import numpy as np
import onnx
from onnx import numpy_helper
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from model import Cfg, BertForMaskedLM


def onnx_state(path):
    m = onnx.load(path)
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    # weights stored as float16 and cast to float32 (export.py --fp16-weights): read them under the Cast's name
    for node in m.graph.node:
        if node.op_type == 'Cast' and node.input[0] in inits and inits[node.input[0]].dtype == 'float16':
            inits[node.output[0]] = inits.pop(node.input[0]).astype('float32')
    state = {}
    for name, arr in inits.items():
        if not name.startswith('onnx::'):
            state[name] = arr
    # anonymous weights: find the MatMul that reads them, name it after that node's scope
    for node in m.graph.node:
        if node.op_type != 'MatMul':
            continue
        for inp in node.input:
            if inp.startswith('onnx::MatMul') and inp in inits:
                scope = node.name.strip('/').rsplit('/', 1)[0]  # (bert/)encoder/layer.0/attention/self/query
                mod = scope.replace('/', '.')
                if mod.startswith('predictions.'):
                    mod = 'cls.' + mod
                state[mod + '.weight'] = inits[inp].T  # ONNX MatMul(x, W) holds W = weight^T
    return state


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--onnx', required=True)
    ap.add_argument('--config', default=None, help='config.json next to the onnx/ folder by default')
    ap.add_argument('--out', required=True)
    ap.add_argument('--seed', type=int, default=1234)
    ap.add_argument('--encoder-only', action='store_true',
                    help='ignore a masked-LM head in the file (run.sh: stage 2 starts with a fresh head, as the '
                         'shipped run did from the head-less stage-1 release)')
    a = ap.parse_args()
    import json
    cfg_path = a.config or os.path.join(os.path.dirname(os.path.dirname(a.onnx)), 'config.json')
    hf = json.load(open(cfg_path))
    c = Cfg(**{k: hf[k] for k in ['vocab_size', 'hidden_size', 'num_hidden_layers', 'num_attention_heads',
                                   'intermediate_size', 'max_position_embeddings', 'type_vocab_size',
                                   'layer_norm_eps', 'initializer_range', 'pad_token_id']},
            hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    torch.manual_seed(a.seed)
    model = BertForMaskedLM(c)
    st = onnx_state(a.onnx)
    own = model.state_dict()
    loaded, missing = [], []
    new = {}
    # our own exports and Hub fill-mask exports name the encoder bert.*; BertModel exports have no prefix
    head_names = {'decoder_bias': 'cls.predictions.bias', 'transform.dense.weight': 'cls.predictions.transform.dense.weight',
                  'transform.dense.bias': 'cls.predictions.transform.dense.bias',
                  'transform.LayerNorm.weight': 'cls.predictions.transform.LayerNorm.weight',
                  'transform.LayerNorm.bias': 'cls.predictions.transform.LayerNorm.bias'}
    for k in own:
        src = k[len('bert.'):] if k.startswith('bert.') else (None if a.encoder_only else head_names.get(k))
        if src is not None and src not in st and ('bert.' + src) in st:
            src = 'bert.' + src
        if src is not None and src in st:
            arr = torch.from_numpy(np.ascontiguousarray(st[src]))
            assert arr.shape == own[k].shape, (k, arr.shape, own[k].shape)
            new[k] = arr
            loaded.append(k)
        else:
            new[k] = own[k]
            missing.append(k)
    enc_missing = [k for k in missing if k.startswith('bert.')]
    assert not enc_missing, f'encoder weights not found in {a.onnx}: {enc_missing}'
    model.load_state_dict(new)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    torch.save({'model': model.state_dict(), 'opt': None, 'cfg': c.to_dict(), 'step': 0, 'tokens_seen': 0,
                'elapsed': 0.0, 'cpu': 0.0, 'best_loss': float('inf'),
                'init': {'onnx': os.path.relpath(a.onnx), 'config': hf.get('attention_lens'),
                         'fresh_modules': missing}}, a.out)
    print(json.dumps({'loaded': len(loaded), 'fresh': missing, 'from': hf.get('attention_lens')}))


if __name__ == '__main__':
    main()
