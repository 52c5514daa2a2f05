import type { BinaryImage, Box } from './types';

export interface Component extends Box {
  /** Ink pixels in the component. */
  area: number;
  /** Label in the label image (1-based). */
  label: number;
}

export interface Labelling {
  components: Component[];
  /** Per pixel: 0 for background, else the component's label. */
  labels: Int32Array;
}

function find(parent: Int32Array, i: number): number {
  let root = i;
  while ((parent[root] ?? root) !== root) root = parent[root] ?? root;
  while ((parent[i] ?? i) !== root) {
    const next = parent[i] ?? i;
    parent[i] = root;
    i = next;
  }
  return root;
}

function union(parent: Int32Array, a: number, b: number): number {
  const ra = find(parent, a);
  const rb = find(parent, b);
  if (ra === rb) return ra;
  if (ra < rb) {
    parent[rb] = ra;
    return ra;
  }
  parent[ra] = rb;
  return rb;
}

/** 8-connected components in two passes with union-find. */
export function labelComponents(image: BinaryImage): Labelling {
  const { width, height, data } = image;
  const labels = new Int32Array(width * height);
  let parent = new Int32Array(1024);
  let next = 1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (!data[i]) continue;
      // Scan order means only the west and the three northern neighbours are labelled yet.
      let label = 0;
      const w = x > 0 ? (labels[i - 1] ?? 0) : 0;
      const nw = y > 0 && x > 0 ? (labels[i - width - 1] ?? 0) : 0;
      const n = y > 0 ? (labels[i - width] ?? 0) : 0;
      const ne = y > 0 && x < width - 1 ? (labels[i - width + 1] ?? 0) : 0;
      if (w) label = w;
      if (nw) label = label ? union(parent, label, nw) : nw;
      if (n) label = label ? union(parent, label, n) : n;
      if (ne) label = label ? union(parent, label, ne) : ne;
      if (label === 0) {
        if (next >= parent.length) {
          const grown = new Int32Array(parent.length * 2);
          grown.set(parent);
          parent = grown;
        }
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  const finalOf = new Int32Array(next);
  const components: Component[] = [];
  for (let l = 1; l < next; l++) {
    const root = find(parent, l);
    if (root === l) {
      components.push({
        x0: width,
        y0: height,
        x1: 0,
        y1: 0,
        area: 0,
        label: components.length + 1,
      });
      finalOf[l] = components.length;
    }
  }
  for (let l = 1; l < next; l++) finalOf[l] = finalOf[find(parent, l)] ?? 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const provisional = labels[i] ?? 0;
      if (!provisional) continue;
      const label = finalOf[provisional] ?? 0;
      labels[i] = label;
      const c = components[label - 1];
      if (!c) continue;
      c.area++;
      if (x < c.x0) c.x0 = x;
      if (y < c.y0) c.y0 = y;
      if (x + 1 > c.x1) c.x1 = x + 1;
      if (y + 1 > c.y1) c.y1 = y + 1;
    }
  }
  return { components, labels };
}

/** Keeps the pixels of the components for which `keep` is true. */
export function filterComponents(
  image: BinaryImage,
  labelling: Labelling,
  keep: (component: Component) => boolean,
): BinaryImage {
  const kept = new Uint8Array(labelling.components.length + 1);
  for (const c of labelling.components) kept[c.label] = keep(c) ? 1 : 0;
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) {
    const label = labelling.labels[i] ?? 0;
    out[i] = label && kept[label] ? 1 : 0;
  }
  return { width: image.width, height: image.height, data: out };
}
