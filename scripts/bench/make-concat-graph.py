# For scripts/bench/ort-outputs.mjs: the engine's edited graph with every layer's attention leaving as ONE output
# (a Concat node on axis 0, [L*1, H, n, n]) instead of one output per layer — the alternative to the engine's
# packing copy that the bench measures. Needs python3-onnx.
# Run: python3 scripts/bench/make-concat-graph.py <edited.onnx> <out.onnx>
import onnx, sys
from onnx import helper
src, dst = sys.argv[1], sys.argv[2]
m = onnx.load(src, load_external_data=False)
g = m.graph
own = {  # the model's own outputs; every other declared output is attention (or Q/Kᵀ)
    'last_hidden_state', 'mask_logits', 'logits'}
att = [o.name for o in g.output if o.name not in own and 'softmax' in o.name.lower()]
keep = [o for o in g.output if o.name in own]
elem = onnx.TensorProto.FLOAT
del g.output[:]
g.output.extend(keep)
g.node.append(helper.make_node('Concat', att, ['al_all_attention'], axis=0, name='al_concat'))
g.output.append(helper.make_tensor_value_info('al_all_attention', elem, None))
onnx.save(m, dst)
