import type { Label } from './contingency.js';
import {
  adjustedMutualInfoScore,
  adjustedRandScore,
  fowlkesMallowsScore,
  homogeneityCompletenessVMeasure,
  normalizedMutualInfoScore,
} from './label-metrics.js';

/** External scores of a clustering against reference labels (genre tags). */
export interface LabelScores {
  ari: number;
  ami: number;
  nmi: number;
  homogeneity: number;
  completeness: number;
  vMeasure: number;
  fowlkesMallows: number;
  /** Tracks that had a reference label and were scored. */
  nLabelled: number;
  /** Tracks left out because they had no reference label. */
  nUnlabelled: number;
}

/** True when a reference label counts as missing (undefined, null, or blank). */
export function isMissingLabel(v: string | undefined | null): boolean {
  return v === undefined || v === null || v.trim() === '';
}

/**
 * Scores predicted clusters against reference labels, leaving out (and counting) samples whose
 * reference label is missing. All scores are NaN when fewer than one labelled sample remains.
 * Predicted label −1 (unassigned) is scored as one more cluster, as sklearn would.
 */
export function scoreAgainstLabels(
  pred: ArrayLike<Label>,
  trueLabels: ReadonlyArray<string | undefined | null>,
): LabelScores {
  if (pred.length !== trueLabels.length) {
    throw new RangeError(`scoreAgainstLabels: ${pred.length} predictions for ${trueLabels.length} reference labels`);
  }
  const p: Label[] = [];
  const t: string[] = [];
  for (let i = 0; i < pred.length; i++) {
    const lab = trueLabels[i];
    if (isMissingLabel(lab)) continue;
    p.push(pred[i]!);
    t.push(lab!);
  }
  const nLabelled = t.length;
  const nUnlabelled = pred.length - nLabelled;
  if (nLabelled === 0) {
    return {
      ari: Number.NaN,
      ami: Number.NaN,
      nmi: Number.NaN,
      homogeneity: Number.NaN,
      completeness: Number.NaN,
      vMeasure: Number.NaN,
      fowlkesMallows: Number.NaN,
      nLabelled,
      nUnlabelled,
    };
  }
  const hcv = homogeneityCompletenessVMeasure(t, p);
  return {
    ari: adjustedRandScore(t, p),
    ami: adjustedMutualInfoScore(t, p),
    nmi: normalizedMutualInfoScore(t, p),
    homogeneity: hcv.homogeneity,
    completeness: hcv.completeness,
    vMeasure: hcv.vMeasure,
    fowlkesMallows: fowlkesMallowsScore(t, p),
    nLabelled,
    nUnlabelled,
  };
}
