/**
 * Browser code of report.html. `reportClient` is embedded as source text (Function#toString), so it
 * must be self-contained: no imports, no references to anything outside its own body.
 * Untrusted tag text is only ever placed with textContent, never parsed as HTML.
 */

/** Track as serialised into the page (short keys keep large libraries small). */
export interface ClientTrack {
  /** title, artist, album, genre index (-1 none), cluster, playlist index, audio href, duration s, path */
  t: string;
  a: string;
  al: string;
  g: number;
  c: number;
  p: number;
  h: string;
  d: number;
  f: string;
  xy: [number, number];
  xyz: [number, number, number];
  /** 1 when `--update` placed the track in this run. */
  n?: 1;
}

/** Everything the page script needs, embedded as JSON in `#mcp-data`. */
export interface ClientData {
  tracks: ClientTrack[];
  genres: string[];
  /** What `genres` are: genre (tags), folder or label. */
  labelNoun: string;
  genreColors: string[];
  missingColor: string;
  /** Colour by cluster label (as string key). */
  clusterColors: Record<string, string>;
  playlists: { name: string; file: string; cluster: number; tracks: number[] }[];
  /** Each track's nearest tracks (indices, nearest first); empty when the run computed none. */
  near: number[][];
}

/** Entry point of the page script (runs once the DOM is parsed). */
export function reportClient(fold: (s: string) => string): void {
  const dataEl = document.getElementById('mcp-data');
  if (!dataEl) return;
  const data = JSON.parse(dataEl.textContent || '{}') as ClientData;
  const tracks = data.tracks;
  const n = tracks.length;

  const safeHref = (href: string): string => {
    const h = href.trim();
    if (/^[a-z][a-z0-9+.-]*:/i.test(h) && !/^(https?|file):/i.test(h)) return `./${h}`;
    return h;
  };
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const fmtDur = (s: number): string => {
    if (!Number.isFinite(s) || s < 0) return '';
    const m = Math.floor(s / 60);
    const r = Math.round(s - m * 60);
    return `${m}:${String(r).padStart(2, '0')}`;
  };
  const genreName = (t: ClientTrack): string => (t.g >= 0 ? (data.genres[t.g] ?? '') : `(no ${data.labelNoun})`);
  // A cluster is shown by its playlist's number and descriptive name, as the files are named.
  const playlistOf = new Map(data.playlists.map((pl, p) => [pl.cluster, `${String(p + 1).padStart(2, '0')} ${pl.name}`]));
  const clusterName = (c: number): string => playlistOf.get(c) ?? (c < 0 ? 'unassigned' : `cluster ${c}`);
  const trackLabel = (t: ClientTrack): string => {
    const title = t.t || t.f.split(/[\\/]/).pop() || t.f;
    return t.a ? `${t.a} – ${title}` : title;
  };

  // Tracks whose label is not unique (sound files named `extend.wav` in three games' folders) also
  // show the fewest trailing folders that tell them apart; the full path stays in the tooltip.
  const where: string[] = new Array(n).fill('');
  {
    const byLabel = new Map<string, number[]>();
    tracks.forEach((t, i) => {
      const l = trackLabel(t);
      const same = byLabel.get(l);
      if (same) same.push(i);
      else byLabel.set(l, [i]);
    });
    for (const same of byLabel.values()) {
      if (same.length < 2) continue;
      const dirs = same.map((i) => tracks[i]!.f.split(/[\\/]/).filter((x) => x !== '').slice(0, -1));
      const deepest = Math.max(...dirs.map((d) => d.length));
      for (let m = 1; m <= deepest; m++) {
        const tails = dirs.map((d) => d.slice(-m).join('/'));
        if (new Set(tails).size === tails.length || m === deepest) {
          same.forEach((i, k) => {
            where[i] = tails[k]!;
          });
          break;
        }
      }
    }
  }

  /** A list entry for track i: ▶ (calls `play`), its label, a grey note and its duration. */
  const trackItem = (i: number, note: string, play: () => void): HTMLLIElement => {
    const t = tracks[i]!;
    const li = el('li');
    li.dataset.trackIndex = String(i);
    const btn = el('button', 'play', '▶');
    btn.type = 'button';
    btn.title = 'play';
    btn.setAttribute('aria-label', `play ${trackLabel(t)}`);
    btn.addEventListener('click', play);
    const name = el('span', 'name', trackLabel(t));
    if (where[i]) name.append(' ', el('span', 'where', where[i]));
    li.append(btn, name, el('span', 'genre', note), el('span', 'dur', fmtDur(t.d)));
    li.title = t.f;
    return li;
  };

  // ---- single "now playing" control shared by the map; playlist players pause the others -----
  const mapAudio = document.getElementById('mcp-audio') as HTMLAudioElement | null;
  const nowPlaying = document.getElementById('mcp-now-playing');
  const allAudio = (): HTMLAudioElement[] => Array.from(document.querySelectorAll('audio'));
  let onAnyPlay: (i: number) => void = () => undefined;
  document.addEventListener(
    'play',
    (ev) => {
      for (const a of allAudio()) if (a !== ev.target) a.pause();
      const i = Number((ev.target as HTMLAudioElement).dataset.trackIndex);
      if (Number.isInteger(i)) onAnyPlay(i);
    },
    true,
  );

  // ---- map -------------------------------------------------------------------------------------
  const canvas = document.getElementById('mcp-map') as HTMLCanvasElement | null;
  const tooltip = document.getElementById('mcp-tooltip');
  const legend = document.getElementById('mcp-legend');
  let mode: '2d' | '3d' = '2d';
  let colorBy: 'cluster' | 'genre' = 'cluster';
  let zoom = 1;
  let panX = 0;
  let panY = 0;
  let yaw = 0.6;
  let pitch = 0.35;
  let selected = -1;
  let ringedNear: number[] = [];
  let hovered = -1;
  // Projection is redone only when the view changes, not on every hover redraw.
  let viewKey = '';
  // The legend entry chosen: the view fits that group and the other points fade. UMAP sets separate
  // components far apart, so one island can squeeze a library's main mass into a corner.
  let focus: number | null = null;
  // The 3-D view turns about this point (normalised coordinates): the focused group's centre, so a
  // drag turns the group in place instead of swinging it off the canvas.
  const pivot = [0, 0, 0];

  // Normalised coordinates: centred; 2-D scaled by the larger half-range, 3-D by the farthest point.
  const norm2 = new Float64Array(n * 2);
  // Half-ranges of the normalised 2-D map (the larger is 1): the view fits this box to the canvas.
  const half2 = [1, 1];
  const norm3 = new Float64Array(n * 3);
  {
    const centre = (get: (i: number, d: number) => number, dims: number): number[] => {
      const c: number[] = [];
      for (let d = 0; d < dims; d++) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (let i = 0; i < n; i++) {
          const v = get(i, d);
          if (Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
        c.push(lo <= hi ? (lo + hi) / 2 : 0);
      }
      return c;
    };
    const fin = (v: number): number => (Number.isFinite(v) ? v : 0);
    const c2 = centre((i, d) => tracks[i]!.xy[d]!, 2);
    let half = 0;
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < 2; d++) {
        const v = fin(tracks[i]!.xy[d]! - c2[d]!);
        norm2[i * 2 + d] = v;
        half = Math.max(half, Math.abs(v));
      }
    }
    if (half > 0) for (let k = 0; k < norm2.length; k++) norm2[k]! /= half;
    for (let d = 0; d < 2; d++) {
      let h = 0;
      for (let i = 0; i < n; i++) h = Math.max(h, Math.abs(norm2[i * 2 + d]!));
      half2[d] = h;
    }
    const c3 = centre((i, d) => tracks[i]!.xyz[d]!, 3);
    let rad = 0;
    for (let i = 0; i < n; i++) {
      let r2 = 0;
      for (let d = 0; d < 3; d++) {
        const v = fin(tracks[i]!.xyz[d]! - c3[d]!);
        norm3[i * 3 + d] = v;
        r2 += v * v;
      }
      rad = Math.max(rad, Math.sqrt(r2));
    }
    if (rad > 0) for (let k = 0; k < norm3.length; k++) norm3[k]! /= rad;
  }

  const sx = new Float64Array(n);
  const sy = new Float64Array(n);
  const depth = new Float64Array(n);
  let order: number[] = Array.from({ length: n }, (_, i) => i);
  const radius = n > 20000 ? 1.5 : n > 3000 ? 2.5 : n > 500 ? 3.5 : 5;

  const colorOf = (t: ClientTrack): string =>
    colorBy === 'cluster'
      ? (data.clusterColors[String(t.c)] ?? data.missingColor)
      : t.g >= 0
        ? (data.genreColors[t.g] ?? data.missingColor)
        : data.missingColor;

  const groupOf = (t: ClientTrack): number => (colorBy === 'cluster' ? t.c : t.g);

  const cssSize = (): { w: number; h: number } => {
    if (!canvas) return { w: 0, h: 0 };
    return { w: canvas.clientWidth, h: canvas.clientHeight };
  };

  // Screen positions in CSS px relative to the canvas.
  const project = (): void => {
    const { w, h } = cssSize();
    const scale = (Math.min(w, h) / 2) * 0.9 * zoom;
    const cx = w / 2 + panX;
    const cy = h / 2 + panY;
    if (mode === '2d') {
      // The map's bounding box fills the canvas's width or height (one scale for both axes, so
      // shapes keep their proportions): a wide map on a wide canvas no longer uses half of it.
      const fit = 0.9 * zoom * Math.min(half2[0]! > 0 ? w / 2 / half2[0]! : Number.POSITIVE_INFINITY, half2[1]! > 0 ? h / 2 / half2[1]! : Number.POSITIVE_INFINITY);
      const s2 = Number.isFinite(fit) ? fit : scale;
      for (let i = 0; i < n; i++) {
        sx[i] = cx + norm2[i * 2]! * s2;
        sy[i] = cy - norm2[i * 2 + 1]! * s2;
        depth[i] = 0;
      }
      order = Array.from({ length: n }, (_, i) => i);
      return;
    }
    const cyw = Math.cos(yaw);
    const syw = Math.sin(yaw);
    const cp = Math.cos(pitch);
    const sp = Math.sin(pitch);
    for (let i = 0; i < n; i++) {
      const x = norm3[i * 3]! - pivot[0]!;
      const y = norm3[i * 3 + 1]! - pivot[1]!;
      const z = norm3[i * 3 + 2]! - pivot[2]!;
      // Turn about the vertical (third) axis, then tilt toward the viewer.
      const x1 = x * cyw - y * syw;
      const y1 = x * syw + y * cyw;
      const up = z * cp - y1 * sp;
      const d = y1 * cp + z * sp;
      sx[i] = cx + x1 * scale;
      sy[i] = cy - up * scale;
      depth[i] = d;
    }
    // Far first so nearer points are painted over them.
    order = Array.from({ length: n }, (_, i) => i).sort((a, b) => depth[b]! - depth[a]!);
  };

  const draw = (): void => {
    if (!canvas) return;
    const { w, h } = cssSize();
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const key = `${mode}|${zoom}|${panX}|${panY}|${yaw}|${pitch}|${w}|${h}`;
    if (key !== viewKey) {
      project();
      viewKey = key;
    }
    if (mode === '3d') {
      // Axis triad at the centre so the rotation is visible.
      const scale = (Math.min(w, h) / 2) * 0.9 * zoom * 0.5;
      const cx = w / 2 + panX;
      const cy = h / 2 + panY;
      const cyw = Math.cos(yaw);
      const syw = Math.sin(yaw);
      const cp = Math.cos(pitch);
      const sp = Math.sin(pitch);
      const axes: [number, number, number][] = [
        [1, 0, 0],
        [0, 1, 0],
        [0, 0, 1],
      ];
      ctx.strokeStyle = '#888';
      ctx.fillStyle = '#555';
      ctx.font = '11px sans-serif';
      axes.forEach(([x, y, z], k) => {
        const x1 = x * cyw - y * syw;
        const y1 = x * syw + y * cyw;
        const up = z * cp - y1 * sp;
        ctx.beginPath();
        ctx.moveTo(cx, cy);
        ctx.lineTo(cx + x1 * scale, cy - up * scale);
        ctx.stroke();
        ctx.fillText(`axis ${k + 1}`, cx + x1 * scale + 3, cy - up * scale - 3);
      });
    }
    // With a group in focus, the others are painted first and faint, so the group stays on top.
    for (const pass of focus === null ? ['all'] : ['rest', 'focus']) {
      ctx.globalAlpha = pass === 'rest' ? 0.12 : 0.85;
      for (const i of order) {
        if (pass !== 'all' && (groupOf(tracks[i]!) === focus) !== (pass === 'focus')) continue;
        ctx.fillStyle = colorOf(tracks[i]!);
        if (radius < 2) {
          ctx.fillRect(sx[i]! - radius, sy[i]! - radius, radius * 2, radius * 2);
        } else {
          ctx.beginPath();
          ctx.arc(sx[i]!, sy[i]!, radius, 0, Math.PI * 2);
          ctx.fill();
        }
      }
    }
    ctx.globalAlpha = 1;
    // the playing track's "more like this" tracks: thin dashed rings, so the map shows where they are
    ringedNear = selected >= 0 ? (data.near[selected] ?? []) : [];
    if (ringedNear.length > 0) {
      ctx.strokeStyle = '#d00';
      ctx.lineWidth = 1;
      ctx.setLineDash([2, 2]);
      for (const j of ringedNear) {
        ctx.beginPath();
        ctx.arc(sx[j]!, sy[j]!, radius + 3, 0, Math.PI * 2);
        ctx.stroke();
      }
      ctx.setLineDash([]);
    }
    for (const [i, color] of [
      [hovered, '#000'],
      [selected, '#d00'],
    ] as [number, string][]) {
      if (i < 0) continue;
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.arc(sx[i]!, sy[i]!, radius + 3, 0, Math.PI * 2);
      ctx.stroke();
    }
  };

  // Nearest point within `maxDist` CSS px of (x, y), preferring the one drawn on top; -1 if none.
  const pick = (x: number, y: number, maxDist = Math.max(6, radius + 3)): number => {
    let best = -1;
    let bestD = maxDist * maxDist;
    for (let k = order.length - 1; k >= 0; k--) {
      const i = order[k]!;
      const dx = sx[i]! - x;
      const dy = sy[i]! - y;
      const d = dx * dx + dy * dy;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  };

  const showTooltip = (i: number, x: number, y: number): void => {
    if (!tooltip) return;
    if (i < 0) {
      tooltip.hidden = true;
      return;
    }
    const t = tracks[i]!;
    tooltip.replaceChildren(
      el('strong', undefined, t.t || t.f.split(/[\\/]/).pop() || t.f),
      ...(where[i] ? [el('div', 'where', where[i])] : []),
      el('div', undefined, t.a ? `artist: ${t.a}` : 'artist: (unknown)'),
      el('div', undefined, `${data.labelNoun}: ${genreName(t)}`),
      el('div', undefined, clusterName(t.c)),
      el('div', 'hint', 'click to play'),
    );
    tooltip.hidden = false;
    tooltip.style.left = `${x + 14}px`;
    tooltip.style.top = `${y + 14}px`;
  };

  // ---- more like this: the nearest tracks of the one playing -----------------------------------
  const similarBox = document.getElementById('mcp-similar');
  const similarOf = document.getElementById('mcp-similar-of');
  const similarList = document.getElementById('mcp-similar-list');
  const similarSave = document.getElementById('mcp-similar-save') as HTMLAnchorElement | null;
  let similarShown = -1;
  const showSimilar = (i: number): void => {
    const near = data.near[i];
    if (!similarBox || !similarList || i === similarShown || !near || near.length === 0) return;
    similarShown = i;
    if (similarOf) similarOf.textContent = trackLabel(tracks[i]!);
    const frag = document.createDocumentFragment();
    for (const j of near) {
      const t = tracks[j];
      if (!t) continue;
      frag.append(trackItem(j, clusterName(t.c), () => playTrack(j)));
    }
    similarList.replaceChildren(frag);
    similarBox.hidden = false;
    if (similarSave) {
      // the same M3U8 form as the written playlists, with absolute paths: the file lands wherever
      // the browser saves downloads
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point (a tag must not add a line).
      const line = (x: string): string => x.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
      const lines = ['#EXTM3U'];
      for (const j of [i, ...near]) {
        const t = tracks[j];
        if (!t) continue;
        lines.push(`#EXTINF:${Number.isFinite(t.d) ? Math.round(t.d) : -1},${line(trackLabel(t))}`, t.f);
      }
      similarSave.href = `data:audio/x-mpegurl;charset=utf-8,${encodeURIComponent(`${lines.join('\n')}\n`)}`;
      const stem = line(trackLabel(tracks[i]!)).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
      similarSave.download = `more-like-${stem || 'this'}.m3u8`;
    }
  };

  /** Plays track i in the map's player and marks it on the map. */
  const playTrack = (i: number): void => {
    if (!mapAudio || i < 0 || i >= n) return;
    const t = tracks[i]!;
    selected = i;
    showSimilar(i);
    mapAudio.src = safeHref(t.h);
    mapAudio.dataset.trackIndex = String(i);
    if (nowPlaying) nowPlaying.textContent = `${trackLabel(t)} · ${genreName(t)} · ${clusterName(t.c)}`;
    mapAudio.play().catch((err: unknown) => {
      if (!nowPlaying || (err as { name?: string }).name === 'AbortError') return;
      const why = (err as { name?: string }).name === 'NotSupportedError' ? 'this browser cannot play this file (moved, or a format such as tracker modules or WMA)' : String(err);
      nowPlaying.textContent = `cannot play ${t.f}: ${why}`;
    });
    draw();
  };

  // Whatever player starts a track, the map rings it and "more like this" lists its neighbours.
  onAnyPlay = (i: number): void => {
    showSimilar(i);
    if (i !== selected && i >= 0 && i < n) {
      selected = i;
      draw();
    }
  };

  const buildLegend = (): void => {
    if (!legend) return;
    const counts = new Map<string, { label: string; color: string; count: number; key: number }>();
    for (const t of tracks) {
      const key = colorBy === 'cluster' ? t.c : t.g;
      const id = String(key);
      const e = counts.get(id);
      if (e) e.count++;
      else
        counts.set(id, {
          key,
          count: 1,
          color: colorOf(t),
          label: colorBy === 'cluster' ? clusterName(t.c) : genreName(t),
        });
    }
    const items = [...counts.values()].sort((a, b) => (a.key < 0 ? 1 : b.key < 0 ? -1 : a.key - b.key));
    legend.replaceChildren(
      ...items.map((it) => {
        const li = el('li');
        const b = el('button', 'legend-item');
        b.type = 'button';
        b.dataset.group = String(it.key);
        b.setAttribute('aria-pressed', String(focus === it.key));
        b.title = 'show this group on the map (click again for all)';
        const sw = el('span', 'swatch');
        sw.style.background = it.color;
        b.append(sw, el('span', undefined, `${it.label} (${it.count})`));
        b.addEventListener('click', () => setFocus(focus === it.key ? null : it.key));
        li.append(b);
        return li;
      }),
    );
  };

  // 2-D: zoom and pan so the focused group's points fill 90 % of the canvas's width or height; on
  // screen x = w/2 + pan + (x at zoom 1, no pan − w/2) · zoom. 3-D: turn about the group's centre.
  const fitFocus = (): void => {
    zoom = 1;
    panX = 0;
    panY = 0;
    pivot.fill(0);
    viewKey = '';
    if (focus === null || !canvas) return;
    const { w, h } = cssSize();
    const lo = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const hi = [Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < n; i++) {
      if (groupOf(tracks[i]!) !== focus) continue;
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.min(lo[d]!, norm3[i * 3 + d]!);
        hi[d] = Math.max(hi[d]!, norm3[i * 3 + d]!);
      }
    }
    if (!(lo[0]! <= hi[0]!)) return;
    for (let d = 0; d < 3; d++) pivot[d] = (lo[d]! + hi[d]!) / 2;
    if (mode === '3d') {
      // The group's bounding sphere about the pivot fills 90 % of the shorter side, as the whole
      // map's does at zoom 1: it fits at every angle the view may be turned to.
      let r = 0;
      for (let i = 0; i < n; i++) {
        if (groupOf(tracks[i]!) !== focus) continue;
        r = Math.max(r, Math.hypot(norm3[i * 3]! - pivot[0]!, norm3[i * 3 + 1]! - pivot[1]!, norm3[i * 3 + 2]! - pivot[2]!));
      }
      zoom = r > 0 ? Math.min(200, Math.max(0.2, 1 / r)) : 4;
      return;
    }
    project();
    let [x0, x1, y0, y1] = [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let i = 0; i < n; i++) {
      if (groupOf(tracks[i]!) !== focus) continue;
      x0 = Math.min(x0, sx[i]!);
      x1 = Math.max(x1, sx[i]!);
      y0 = Math.min(y0, sy[i]!);
      y1 = Math.max(y1, sy[i]!);
    }
    if (!(x0 <= x1)) return;
    const fill = 0.9 * Math.min(x1 > x0 ? w / (x1 - x0) : Number.POSITIVE_INFINITY, y1 > y0 ? h / (y1 - y0) : Number.POSITIVE_INFINITY);
    // one point (or several on one spot): a fixed close-up
    const k = Number.isFinite(fill) ? Math.min(200, Math.max(1, fill)) : 4;
    zoom = k;
    panX = -((x0 + x1) / 2 - w / 2) * k;
    panY = -((y0 + y1) / 2 - h / 2) * k;
  };

  const setFocus = (key: number | null): void => {
    focus = key;
    for (const b of Array.from(legend?.querySelectorAll<HTMLButtonElement>('button.legend-item') ?? [])) {
      b.setAttribute('aria-pressed', String(key !== null && b.dataset.group === String(key)));
    }
    fitFocus();
    draw();
  };

  if (canvas) {
    // Pointer events, so a finger works like the mouse: one pointer drags (pan in 2-D, rotate in
    // 3-D), two pinch to zoom; a tap or click without travel plays the point under it.
    const down = new Map<number, { x: number; y: number }>();
    let moved = false;
    let startX = 0;
    let startY = 0;
    let pinch = 0;
    const local = (ev: MouseEvent): { x: number; y: number } => {
      const r = canvas.getBoundingClientRect();
      return { x: ev.clientX - r.left, y: ev.clientY - r.top };
    };
    // Zooms by `factor`, keeping the canvas point (px, py) where it is.
    const zoomAt = (px: number, py: number, factor: number): void => {
      const nz = Math.max(0.2, Math.min(200, zoom * factor));
      const k = nz / zoom;
      const { w, h } = cssSize();
      panX = (panX + w / 2 - px) * k + px - w / 2;
      panY = (panY + h / 2 - py) * k + py - h / 2;
      zoom = nz;
    };
    const spread = (): { d: number; x: number; y: number } => {
      const [a, b] = [...down.values()];
      const r = canvas.getBoundingClientRect();
      return { d: Math.hypot(a!.x - b!.x, a!.y - b!.y), x: (a!.x + b!.x) / 2 - r.left, y: (a!.y + b!.y) / 2 - r.top };
    };
    canvas.addEventListener('pointerdown', (ev) => {
      try {
        // keeps the drag when the pointer leaves the canvas; a pointer the browser does not know throws
        canvas.setPointerCapture(ev.pointerId);
      } catch {
        // dragging still works while over the canvas
      }
      down.set(ev.pointerId, { x: ev.clientX, y: ev.clientY });
      if (down.size === 1) {
        moved = false;
        startX = ev.clientX;
        startY = ev.clientY;
      } else if (down.size === 2) {
        moved = true; // a pinch never plays a track
        pinch = spread().d;
      }
    });
    const release = (ev: PointerEvent): void => {
      down.delete(ev.pointerId);
      if (down.size < 2) pinch = 0;
    };
    canvas.addEventListener('pointerup', release);
    canvas.addEventListener('pointercancel', release);
    canvas.addEventListener('pointermove', (ev) => {
      const last = down.get(ev.pointerId);
      if (last) {
        const dx = ev.clientX - last.x;
        const dy = ev.clientY - last.y;
        last.x = ev.clientX;
        last.y = ev.clientY;
        if (down.size >= 2) {
          const s = spread();
          if (pinch > 0 && s.d > 0) zoomAt(s.x, s.y, s.d / pinch);
          pinch = s.d;
          draw();
          return;
        }
        // A press that travels more than a few px is a drag (rotate/pan), not a click on a point.
        if (Math.abs(ev.clientX - startX) + Math.abs(ev.clientY - startY) > 4) moved = true;
        if (moved && Math.abs(dx) + Math.abs(dy) > 0) {
          if (mode === '3d') {
            yaw += dx * 0.01;
            pitch = Math.max(-1.5, Math.min(1.5, pitch + dy * 0.01));
          } else {
            panX += dx;
            panY += dy;
          }
          draw();
        }
        return;
      }
      const p = local(ev);
      const i = pick(p.x, p.y);
      if (i !== hovered) {
        hovered = i;
        draw();
      }
      canvas.style.cursor = i >= 0 ? 'pointer' : mode === '3d' ? 'grab' : 'move';
      showTooltip(i, p.x, p.y);
    });
    canvas.addEventListener('pointerleave', (ev) => {
      if (ev.pointerType !== 'mouse') return;
      hovered = -1;
      showTooltip(-1, 0, 0);
      draw();
    });
    canvas.addEventListener('click', (ev) => {
      if (moved) return;
      const p = local(ev);
      const i = pick(p.x, p.y);
      if (i >= 0) playTrack(i);
    });
    canvas.addEventListener(
      'wheel',
      (ev) => {
        ev.preventDefault();
        const p = local(ev);
        zoomAt(p.x, p.y, Math.exp(-ev.deltaY * 0.0015));
        draw();
      },
      { passive: false },
    );
    window.addEventListener('resize', draw);
  }

  const setMode = (m: '2d' | '3d'): void => {
    mode = m;
    // the whole map, or the focused group fitted in the new mode
    fitFocus();
    for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-map-mode]'))) {
      b.setAttribute('aria-pressed', String(b.dataset.mapMode === m));
    }
    draw();
  };
  const setColorBy = (c: 'cluster' | 'genre'): void => {
    colorBy = c;
    // a cluster's number means nothing among genres
    focus = null;
    fitFocus();
    const sel = document.getElementById('mcp-color-by') as HTMLSelectElement | null;
    if (sel && sel.value !== c) sel.value = c;
    buildLegend();
    draw();
  };
  for (const b of Array.from(document.querySelectorAll<HTMLButtonElement>('[data-map-mode]'))) {
    b.addEventListener('click', () => setMode(b.dataset.mapMode === '3d' ? '3d' : '2d'));
  }
  document.getElementById('mcp-color-by')?.addEventListener('change', (ev) => {
    setColorBy((ev.target as HTMLSelectElement).value === 'genre' ? 'genre' : 'cluster');
  });
  document.getElementById('mcp-reset')?.addEventListener('click', () => {
    yaw = 0.6;
    pitch = 0.35;
    setFocus(null);
    setMode(mode);
  });

  // ---- find a track by name: the way in to "more like this" when the map is crowded ---------------
  const findInput = document.getElementById('mcp-find') as HTMLInputElement | null;
  const findList = document.getElementById('mcp-find-list');
  const findCount = document.getElementById('mcp-find-count');
  const FIND_SHOWN = 20;
  let haystack: string[] | undefined;
  const find = (): void => {
    if (!findInput || !findList) return;
    const q = fold(findInput.value.trim());
    if (q === '') {
      findList.replaceChildren();
      findList.hidden = true;
      if (findCount) findCount.textContent = '';
      return;
    }
    // the label and the file's own name: folder names ("…/lincity-ng/…") would match far too much
    haystack ??= tracks.map((t) => `${fold(trackLabel(t))}\n${fold(t.f.split(/[\\/]/).pop() ?? '')}`);
    const hits: number[] = [];
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (!haystack[i]!.includes(q)) continue;
      total++;
      if (hits.length < FIND_SHOWN) hits.push(i);
    }
    findList.replaceChildren(...hits.map((i) => trackItem(i, clusterName(tracks[i]!.c), () => playTrack(i))));
    findList.hidden = hits.length === 0;
    if (findCount) findCount.textContent = total === 0 ? 'no track matches' : total > hits.length ? `${total} tracks match; the first ${hits.length} are shown` : `${total} ${total === 1 ? 'track matches' : 'tracks match'}`;
  };
  findInput?.addEventListener('input', find);

  // ---- playlists -------------------------------------------------------------------------------
  const lists = document.getElementById('mcp-playlists');
  const eager = n <= 3000;
  if (lists) {
    data.playlists.forEach((pl, p) => {
      const sec = el('section', 'playlist');
      sec.id = `playlist-${p + 1}`;
      sec.dataset.playlistIndex = String(p);
      const total = pl.tracks.reduce((s, i) => s + (tracks[i]?.d ?? 0), 0);
      const head = el('h3', undefined, `${p + 1}. ${pl.name}`);
      const added = pl.tracks.filter((i) => tracks[i]?.n === 1).length;
      const info = el('p', 'meta', `${pl.tracks.length} tracks${added > 0 ? ` (${added} new)` : ''} · ${fmtDur(total)} · ${clusterName(pl.cluster)} · `);
      const link = el('a', undefined, 'open .m3u8');
      link.href = safeHref(pl.file);
      info.append(link);
      const audio = el('audio');
      audio.controls = true;
      audio.preload = 'none';
      const ol = el('ol', 'tracks');
      let current = -1;
      // True when the current track was reached by playing on from the one before.
      let playingOn = false;
      const playAt = (k: number, on = false): void => {
        const i = pl.tracks[k];
        if (i === undefined) return;
        current = k;
        playingOn = on;
        audio.src = safeHref(tracks[i]!.h);
        audio.dataset.trackIndex = String(i);
        for (const li of Array.from(ol.children)) li.classList.remove('playing');
        ol.children[k]?.classList.add('playing');
        audio.play().catch(() => undefined);
      };
      audio.addEventListener('ended', () => playAt(current + 1, true));
      // A file the browser cannot play (a tracker module, WMA, a file moved away) is marked, and a
      // playlist that is playing on skips it instead of stopping there.
      audio.addEventListener('error', () => {
        const li = ol.children[current] as HTMLElement | undefined;
        if (li && !li.classList.contains('unplayable')) {
          li.classList.add('unplayable');
          li.append(el('span', 'why', 'cannot play in this browser'));
        }
        if (playingOn) playAt(current + 1, true);
      });
      const build = (): void => {
        if (ol.childElementCount > 0) return;
        const frag = document.createDocumentFragment();
        pl.tracks.forEach((i, k) => {
          const li = trackItem(i, genreName(tracks[i]!), () => playAt(k));
          // Placed by --update in this run: marked, so a user sees where the new music went.
          if (tracks[i]!.n === 1) {
            li.classList.add('added');
            li.append(el('span', 'why', 'new'));
          }
          frag.append(li);
        });
        ol.append(frag);
        if (current >= 0) ol.children[current]?.classList.add('playing');
      };
      // Large libraries: lists are built when first opened, so the page loads fast.
      const details = el('details');
      details.append(el('summary', undefined, `tracks in play order (${pl.tracks.length})`), ol);
      details.addEventListener('toggle', () => {
        if (details.open) build();
      });
      if (eager) {
        build();
        details.open = true;
      }
      sec.append(head, info, audio, details);
      lists.append(sec);
    });
  }

  // ---- test hook: where each point is drawn, in viewport CSS px --------------------------------
  (window as unknown as { __mcpMap: unknown }).__mcpMap = {
    count: n,
    points: () => {
      if (!canvas) return [];
      const r = canvas.getBoundingClientRect();
      return Array.from({ length: n }, (_, i) => ({
        index: i,
        path: tracks[i]!.f,
        href: tracks[i]!.h,
        x: r.left + sx[i]!,
        y: r.top + sy[i]!,
      }));
    },
    setMode,
    setColorBy,
    play: playTrack,
    similarShown: () => similarShown,
    ringedNear: () => [...ringedNear],
    view: () => ({ zoom, panX, panY, yaw, pitch }),
    focused: () => focus,
  };

  buildLegend();
  setMode('2d');
}
