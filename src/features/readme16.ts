/**
 * The 16 readme-set columns the seed keeps, chosen by scripts/choose-readme16.ts (rule and data in
 * docs/features.md). Regenerate with that script; never edit by hand.
 */
export const README16: readonly string[] = [];
