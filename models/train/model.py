"""Compact BERT (masked LM) whose module tree uses Hugging Face BertModel attribute
names, so that torch.onnx.export produces Hub-style scoped node names such as
/encoder/layer.0/attention/self/Softmax.  Eager attention exactly like HF
BertSelfAttention: (Q.K^T)/sqrt(d) + extended mask -> Softmax(-1) -> .V
"""
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


# Training-time switch.  Debian's torch 1.13 (BLAS_INFO=generic) runs batched matmul (bmm) ~7x
# slower than a loop of 2-D matmuls that go to OpenBLAS, so train.py sets FAST_BMM = True.
# The ONNX export keeps the plain torch.matmul (one MatMul node, HF structure).  Same maths.
FAST_BMM = False


def matmul4(a, b):
    if not FAST_BMM:
        return torch.matmul(a, b)
    B, H, n, _ = a.shape
    m = b.shape[-1]
    a3 = a.reshape(B * H, n, a.shape[-1])
    b3 = b.reshape(B * H, b.shape[-2], m)
    return torch.stack([x @ y for x, y in zip(a3.unbind(0), b3.unbind(0))]).view(B, H, n, m)


class Cfg:
    def __init__(self, vocab_size=30522, hidden_size=128, num_hidden_layers=4,
                 num_attention_heads=4, intermediate_size=512,
                 max_position_embeddings=512, type_vocab_size=2,
                 layer_norm_eps=1e-12, hidden_dropout_prob=0.1,
                 attention_probs_dropout_prob=0.1, initializer_range=0.02, pad_token_id=0):
        self.vocab_size = vocab_size
        self.hidden_size = hidden_size
        self.num_hidden_layers = num_hidden_layers
        self.num_attention_heads = num_attention_heads
        self.intermediate_size = intermediate_size
        self.max_position_embeddings = max_position_embeddings
        self.type_vocab_size = type_vocab_size
        self.layer_norm_eps = layer_norm_eps
        self.hidden_dropout_prob = hidden_dropout_prob
        self.attention_probs_dropout_prob = attention_probs_dropout_prob
        self.initializer_range = initializer_range
        self.pad_token_id = pad_token_id

    def to_dict(self):
        return dict(self.__dict__)


class BertEmbeddings(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.word_embeddings = nn.Embedding(c.vocab_size, c.hidden_size, padding_idx=c.pad_token_id)
        self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
        self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, input_ids, token_type_ids):
        seq_len = input_ids.shape[1]
        position_ids = torch.arange(seq_len, dtype=torch.long, device=input_ids.device).unsqueeze(0)
        x = (self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
             + self.position_embeddings(position_ids))
        return self.dropout(self.LayerNorm(x))


class BertSelfAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.num_attention_heads = c.num_attention_heads
        self.attention_head_size = c.hidden_size // c.num_attention_heads
        self.all_head_size = self.num_attention_heads * self.attention_head_size
        self.query = nn.Linear(c.hidden_size, self.all_head_size)
        self.key = nn.Linear(c.hidden_size, self.all_head_size)
        self.value = nn.Linear(c.hidden_size, self.all_head_size)
        self.dropout = nn.Dropout(c.attention_probs_dropout_prob)

    def transpose_for_scores(self, x):
        new_shape = x.size()[:-1] + (self.num_attention_heads, self.attention_head_size)
        return x.view(new_shape).permute(0, 2, 1, 3)

    def forward(self, hidden_states, extended_mask, want_probs=False):
        q = self.transpose_for_scores(self.query(hidden_states))
        # K^T directly (perm 0,2,3,1), as in Optimum exports: Reshape_1 -> Transpose_1
        k = self.key(hidden_states)
        k_t = k.view(k.size()[:-1] + (self.num_attention_heads, self.attention_head_size)).permute(0, 2, 3, 1)
        v = self.transpose_for_scores(self.value(hidden_states))
        scores = matmul4(q, k_t)
        scores = scores / math.sqrt(self.attention_head_size)
        scores = scores + extended_mask
        probs = F.softmax(scores, dim=-1)
        ctx = matmul4(self.dropout(probs), v)
        ctx = ctx.permute(0, 2, 1, 3).contiguous()
        ctx = ctx.view(ctx.size()[:-2] + (self.all_head_size,))
        return ctx, (probs if want_probs else None)


class BertSelfOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, h, inp):
        return self.LayerNorm(self.dropout(self.dense(h)) + inp)


class BertAttention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.self = BertSelfAttention(c)
        self.output = BertSelfOutput(c)

    def forward(self, h, m, want_probs=False):
        ctx, probs = self.self(h, m, want_probs)
        return self.output(ctx, h), probs


class BertIntermediate(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    def forward(self, h):
        return F.gelu(self.dense(h))  # exact (erf) GELU


class BertOutput(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.intermediate_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)
        self.dropout = nn.Dropout(c.hidden_dropout_prob)

    def forward(self, h, inp):
        return self.LayerNorm(self.dropout(self.dense(h)) + inp)


class BertLayer(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.attention = BertAttention(c)
        self.intermediate = BertIntermediate(c)
        self.output = BertOutput(c)

    def forward(self, h, m, want_probs=False):
        a, probs = self.attention(h, m, want_probs)
        return self.output(self.intermediate(a), a), probs


class BertEncoder(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(c) for _ in range(c.num_hidden_layers)])

    def forward(self, h, m, want_probs=False):
        all_probs = []
        for layer in self.layer:
            h, p = layer(h, m, want_probs)
            all_probs.append(p)
        return h, all_probs


class BertModel(nn.Module):
    """Top-level attribute names match HF BertModel (embeddings, encoder)."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.embeddings = BertEmbeddings(c)
        self.encoder = BertEncoder(c)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return self.run(input_ids, attention_mask, token_type_ids, False)

    def run(self, input_ids, attention_mask, token_type_ids, want_probs=False):
        ext = attention_mask[:, None, None, :].to(torch.float32)
        ext = (1.0 - ext) * torch.finfo(torch.float32).min
        h = self.embeddings(input_ids, token_type_ids)
        h, probs = self.encoder(h, ext, want_probs)
        if want_probs:
            return h, probs
        return h


class BertPredictionHeadTransform(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.dense = nn.Linear(c.hidden_size, c.hidden_size)
        self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

    def forward(self, h):
        return self.LayerNorm(F.gelu(self.dense(h)))


class BertForMaskedLM(nn.Module):
    """bert.* + cls.predictions.* (HF naming); decoder weight tied to word embeddings."""

    def __init__(self, c):
        super().__init__()
        self.config = c
        self.bert = BertModel(c)
        self.transform = BertPredictionHeadTransform(c)
        self.decoder_bias = nn.Parameter(torch.zeros(c.vocab_size))
        self.apply(self._init)

    def _init(self, m):
        r = self.config.initializer_range
        if isinstance(m, nn.Linear):
            m.weight.data.normal_(0.0, r)
            if m.bias is not None:
                m.bias.data.zero_()
        elif isinstance(m, nn.Embedding):
            m.weight.data.normal_(0.0, r)
            if m.padding_idx is not None:
                m.weight.data[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            m.weight.data.fill_(1.0)
            m.bias.data.zero_()

    def mlm_logits(self, hidden_at_masked):
        """hidden_at_masked: (N, H) -> (N, V) with tied embeddings."""
        t = self.transform(hidden_at_masked)
        return F.linear(t, self.bert.embeddings.word_embeddings.weight, self.decoder_bias)
