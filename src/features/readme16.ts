/**
 * The 16 readme-set columns the seed keeps, chosen by scripts/choose-readme16.ts (rule and data in
 * docs/features.md). Regenerate with that script; never edit by hand.
 */
export const README16: readonly string[] = [
  'spectral_centroid_mel.clip_mean',
  'spectral_centroid_mel.clip_std',
  'spectral_flatness.clip_mean',
  'spectral_flatness.clip_median',
  'zero_crossing_rate.clip_std',
  'spectral_rolloff_0.1.clip_mean',
  'spectral_rolloff_0.1.clip_std',
  'bark_band_magnitude.clip_mean.0',
  'bark_band_magnitude.clip_mean.1',
  'bark_band_magnitude.clip_mean.2',
  'bark_band_magnitude.clip_mean.3',
  'bark_band_magnitude.clip_mean.5',
  'bark_band_magnitude.clip_std.1',
  'tempogram_flatness.clip_mean',
  'tempogram_flatness.clip_std',
  'hpss_rms_difference.clip_mean',
];
