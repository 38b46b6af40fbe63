// Top-k of a softmax over one row of logits, without materialising the whole probability vector twice.

export interface TopEntry {
  id: number;
  prob: number;
}

/** The k most probable ids of softmax(row[from, from+vocab)), most probable first. */
export function softmaxTopK(logits: ArrayLike<number>, from: number, vocab: number, k: number): TopEntry[] {
  let max = Number.NEGATIVE_INFINITY;
  for (let v = 0; v < vocab; v++) max = Math.max(max, logits[from + v]);
  let z = 0;
  for (let v = 0; v < vocab; v++) z += Math.exp(logits[from + v] - max);
  // keep the k largest logits (k is small: insertion into a sorted list)
  const best: TopEntry[] = [];
  for (let v = 0; v < vocab; v++) {
    const x = logits[from + v];
    if (best.length === k && x <= best[k - 1].prob) continue;
    let at = best.length;
    while (at > 0 && best[at - 1].prob < x) at--;
    best.splice(at, 0, { id: v, prob: x });
    if (best.length > k) best.pop();
  }
  return best.map((e) => ({ id: e.id, prob: Math.exp(e.prob - max) / z }));
}
