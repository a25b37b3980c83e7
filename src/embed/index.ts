export { symmetricEigen } from './eigen.js';
export { type PcaResult, pca, pcaTransform } from './pca.js';
export { applyScaler, assertFinite, EmbedError, fitStandardScaler, type ScalerFit, standardScale } from './scaler.js';
