import { type FeatureSetName, featureNames } from '../features/index.js';
import { UsageError } from './options.js';

/** The feature columns that `--features SPEC` names for a feature set. */
export function resolveColumns(set: FeatureSetName, spec: string): string[] {
  const all = featureNames(set);
  if (spec === 'all') return all;
  const names = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const unknown = names.filter((n: string) => !all.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(
      `--features: ${unknown.slice(0, 5).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the ${set} set (see 'mir-cluster-playlist features --names --set ${set}')`,
    );
  }
  return names;
}
