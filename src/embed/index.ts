export { symmetricEigen } from './eigen.js';
export { type PcaDecomposition, type PcaResult, pca, pcaDecompose, pcaFromDecomposition, pcaTransform } from './pca.js';
export { applyScaler, assertFinite, EmbedError, fitStandardScaler, type ScalerFit, standardScale } from './scaler.js';
export {
  type Autoencoder,
  type AutoencoderHistory,
  type AutoencoderOptions,
  defaultHidden,
  trainAutoencoder,
} from './autoencoder.js';
export {
  type Activation,
  Adam,
  backward,
  backwardInto,
  createNetwork,
  createWorkspace,
  type DenseLayer,
  type DenseNetwork,
  forward,
  forwardInto,
  type LayerGrad,
  mseLoss,
  placeInWasm,
  type Workspace,
} from './dense-network.js';
export { type DenseArena, type DenseExports, denseArena } from './dense-wasm.js';
export { type UmapOptions, umap } from './umap.js';
export { umapNeighbours } from './umap-knn.js';
export type { KnnGraph } from './umap-graph.js';
