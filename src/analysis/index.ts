export { analysisSettingsKey, analyzeLibrary } from './analyze-library.js';
export type { AnalysisFailureRecord, AnalysisTimings, AnalysisWarningRecord, AnalyzeOptions, AnalyzeResult, CachePolicy } from './analyze-library.js';
export { decodeNoteLine, failureLine, failureOf, isPassingFailure, isPassingReason } from './failure.js';
export { WorkerPool } from '../util/worker-pool.js';
export { formatDuration, Progress } from './progress.js';
export { checkTrackFits, machineMemoryMB, NotEnoughMemoryError, trackPeakMB } from './memory-gate.js';
