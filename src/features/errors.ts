/** Audio that cannot be analysed (all silent, too short, not finite). Message: `analysis failed: <reason>`. */
export class AnalysisError extends Error {
  readonly stage = 'analysis' as const;
  readonly reason: string;
  constructor(reason: string) {
    super(`analysis failed: ${reason}`);
    this.name = 'AnalysisError';
    this.reason = reason;
  }
}
