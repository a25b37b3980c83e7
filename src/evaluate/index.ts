export { type Contingency, contingencyMatrix, encodeLabels, type Label, LabelError } from './contingency.js';
export {
  type CondensedDistances,
  calinskiHarabaszScore,
  condensedIndex,
  daviesBouldinScore,
  pdist,
  rowDistance,
  silhouetteSampled,
  silhouetteSamples,
  silhouetteScore,
} from './geometry-metrics.js';
export {
  adjustedMutualInfoScore,
  adjustedRandScore,
  completenessScore,
  entropyOfSizes,
  expectedMutualInformation,
  fowlkesMallowsScore,
  homogeneityCompletenessVMeasure,
  homogeneityScore,
  labelEntropy,
  mutualInfoFromContingency,
  mutualInfoScore,
  normalizedMutualInfoScore,
  pairConfusionMatrix,
  randScore,
  vMeasureScore,
} from './label-metrics.js';
export { isMissingLabel, type LabelScores, scoreAgainstLabels } from './score.js';
export { type ChooseKResult, chooseK, decideK, type KCandidate, type KRule, kneeIndex } from './choose-k.js';
export { type SilhouetteOptions, silhouetteScorer, withinClusterSumOfSquares } from './silhouette-context.js';
export {
  SWEEP_COLUMNS,
  type SweepMethod,
  type SweepOptions,
  type SweepRow,
  type SweepSkip,
  type SweepSpace,
  sweep,
  sweepDetailed,
  sweepToCsv,
} from './sweep.js';
export { leaveOneOutKnn, leaveOneOutKnnAccuracy, majorityShare } from './knn-accuracy.js';
export { type LdaModel, ldaFit, ldaPredictRow, leaveOneOutLda } from './lda-classifier.js';
