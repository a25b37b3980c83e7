/** Orthographic projection of 3-D points for static views from several angles. */

/** The fixed view angles of the 3-D plots, in degrees. */
export const VIEW_ANGLES: readonly { azimuthDeg: number; elevationDeg: number }[] = [
  { azimuthDeg: 30, elevationDeg: 20 },
  { azimuthDeg: 120, elevationDeg: 20 },
  { azimuthDeg: 210, elevationDeg: 20 },
  { azimuthDeg: 30, elevationDeg: 75 },
];

/** Projected points: screen x/y in [-1, 1] (centred, scaled by the farthest point), depth. */
export interface Projection {
  x: Float64Array;
  y: Float64Array;
  /** Larger = farther from the viewer. */
  depth: Float64Array;
  /** Screen position of the data centre and of the ends of the three axes (0.6 of the radius). */
  origin: [number, number];
  axes: [number, number][];
}

/** Rotates (about the vertical axis by azimuth, then tilts by elevation) and projects 3-D coords. */
export function projectPoints(coords: number[][], azimuthDeg: number, elevationDeg: number): Projection {
  const n = coords.length;
  const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
  for (const c of coords) {
    for (let d = 0; d < 3; d++) {
      const v = c[d]!;
      if (Number.isFinite(v)) {
        if (v < lo[d]!) lo[d] = v;
        if (v > hi[d]!) hi[d] = v;
      }
    }
  }
  const mid = [0, 1, 2].map((d) => (lo[d]! <= hi[d]! ? (lo[d]! + hi[d]!) / 2 : 0));
  // One scale for all axes keeps the cloud's true shape (no axis stretched); dividing by the largest
  // distance from the centre keeps every rotation inside [-1, 1].
  let radius = 0;
  for (const c of coords) {
    const r2 = ((c[0] ?? 0) - mid[0]!) ** 2 + ((c[1] ?? 0) - mid[1]!) ** 2 + ((c[2] ?? 0) - mid[2]!) ** 2;
    if (Number.isFinite(r2) && r2 > radius) radius = r2;
  }
  radius = Math.sqrt(radius);
  const s = radius > 0 ? 1 / radius : 1;
  const az = (azimuthDeg * Math.PI) / 180;
  const el = (elevationDeg * Math.PI) / 180;
  const ca = Math.cos(az);
  const sa = Math.sin(az);
  const ce = Math.cos(el);
  const se = Math.sin(el);
  // Embedding axis 3 points up; the camera circles it (azimuth) and looks down by elevation.
  const proj = (p: number, q: number, r: number): [number, number, number] => {
    // Screen-right is chosen so that right × up points at the viewer: a rotation, not a mirror.
    const sx = q * sa - p * ca;
    const d0 = p * sa + q * ca;
    // Camera sits along +(d0, r) = (cos el, sin el); depth grows away from it.
    return [sx, r * ce - d0 * se, -(d0 * ce + r * se)];
  };
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const depth = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = coords[i]!;
    const [a, b, dd] = proj(((c[0] ?? 0) - mid[0]!) * s, ((c[1] ?? 0) - mid[1]!) * s, ((c[2] ?? 0) - mid[2]!) * s);
    x[i] = Number.isFinite(a) ? a : 0;
    y[i] = Number.isFinite(b) ? b : 0;
    depth[i] = Number.isFinite(dd) ? dd : 0;
  }
  const r = 0.6;
  const axes: [number, number][] = [
    proj(r, 0, 0),
    proj(0, r, 0),
    proj(0, 0, r),
  ].map(([a, b]) => [a, b] as [number, number]);
  return { x, y, depth, origin: [0, 0], axes };
}
