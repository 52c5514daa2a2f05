/**
 * The memory bandwidth a thread of this page gets: copying a buffer far
 * larger than any cache (TypedArray.set is a memmove). Each copy reads and
 * writes every byte, so bytes moved = 2 × size, as STREAM's Copy counts them.
 * The fastest of several passes: other work on the machine only slows a pass.
 */
export function copyBandwidth(megabytes = 256, passes = 6): number {
  const size = megabytes << 20;
  const from = new Float64Array(size / 8).fill(1);
  const to = new Float64Array(size / 8);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < passes; pass++) {
    const started = performance.now();
    to.set(from);
    best = Math.min(best, performance.now() - started);
  }
  if ((to[to.length - 1] as number) !== 1) throw new Error('copy failed');
  return (2 * size) / (best / 1000);
}
