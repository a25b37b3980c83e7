import type { Matrix } from '../util/matrix.js';
import { encodeLabels, type Label, LabelError } from './contingency.js';

/**
 * Leave-one-out accuracy (fraction 0..1) of a k-nearest-neighbour vote (Euclidean, uniform weights)
 * predicting each row's label from the other rows: sklearn's
 * `cross_val_score(KNeighborsClassifier(k), X, y, cv=LeaveOneOut()).mean()`. A vote tie goes to the
 * label first in sorted order, as sklearn's mode does; rows at equal distance keep their row order.
 * Tells how much of the labelling the features can carry at all: an unsupervised clustering of the
 * same columns rarely recovers labels that even a supervised nearest-neighbour vote misses.
 */
export function leaveOneOutKnnAccuracy(X: Matrix, labels: ArrayLike<Label>, k = 1): number {
  return leaveOneOutKnn(X, labels, k).accuracy;
}

/**
 * The same leave-one-out k-NN vote, returning each row's predicted label (sklearn's
 * `cross_val_predict(KNeighborsClassifier(k), X, y, cv=LeaveOneOut())`) with the accuracy, so the
 * predictions can be scored like a clustering (a supervised reference for V-measure and AMI).
 */
export function leaveOneOutKnn(X: Matrix, labels: ArrayLike<Label>, k = 1): { predicted: Label[]; accuracy: number } {
  const n = X.rows;
  if (labels.length !== n) throw new LabelError(`leaveOneOutKnnAccuracy: ${labels.length} labels for ${n} rows`);
  if (!Number.isInteger(k) || k < 1 || k > n - 1) throw new LabelError(`leaveOneOutKnnAccuracy: k must be 1..${n - 1}, got ${k}`);
  const { codes, count, names } = encodeLabels(labels);
  const d = X.cols;
  const x = X.data;
  const dist = new Float64Array(n);
  const order = new Int32Array(n - 1);
  const votes = new Int32Array(count);
  let correct = 0;
  const predicted: Label[] = new Array(n);
  for (let i = 0; i < n; i++) {
    let m = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const t = x[i * d + c]! - x[j * d + c]!;
        s += t * t;
      }
      dist[j] = s;
      order[m++] = j;
    }
    // stable: equal distances keep row order
    const sorted = Array.from(order).sort((a, b) => dist[a]! - dist[b]! || a - b);
    votes.fill(0);
    for (let q = 0; q < k; q++) votes[codes[sorted[q]!]!]!++;
    let best = 0;
    for (let c = 1; c < count; c++) if (votes[c]! > votes[best]!) best = c;
    predicted[i] = names[best]!;
    if (best === codes[i]) correct++;
  }
  return { predicted, accuracy: correct / n };
}

/** Share (0..1) of the most common label: the accuracy of always guessing it, the floor kNN accuracy is read against. */
export function majorityShare(labels: ArrayLike<Label>): number {
  const { codes, count } = encodeLabels(labels);
  const sizes = new Int32Array(count);
  for (let i = 0; i < codes.length; i++) sizes[codes[i]!]!++;
  return codes.length === 0 ? 0 : Math.max(...sizes) / codes.length;
}
