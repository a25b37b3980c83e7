import { umap } from '/work/main/dist/src/embed/index.js';
import { createRng } from '/work/main/dist/src/util/rng.js';
const n = +process.argv[2], d = +process.argv[3];
const rng = createRng(1);
const data = new Float64Array(n * d);
const centres = Array.from({ length: 20 }, () => Float64Array.from({ length: d }, () => rng.next() * 4));
for (let i = 0; i < n; i++) { const c = centres[i % 20]; for (let j = 0; j < d; j++) data[i * d + j] = c[j] + (rng.next() - 0.5) * 3; }
const t = performance.now();
const Y = umap({ rows: n, cols: d, data }, { nComponents: 3, seed: 0, nNeighbors: 15 });
console.log(n, d, ((performance.now() - t) / 1000).toFixed(1), 's', (process.memoryUsage().rss / 1e9).toFixed(2), 'GB');
