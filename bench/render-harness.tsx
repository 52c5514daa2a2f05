/**
 * The page bench/render-browser.ts loads in Chromium: the real MathMarkdown
 * component, driven the way the app drives it (one update per token here, the
 * worst case), each update flushed synchronously and followed by a forced
 * style and layout, so that the time measured is the update's main-thread
 * work: pipeline, sanitizer, React, DOM patch, style, layout (not paint).
 */
import DOMPurify from 'dompurify';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import { MathMarkdown } from '../src/app/components/MathMarkdown';
import { createMathCache, createSanitizer, createStreamRenderer } from '../src/core/markdown';

export interface Timings {
  total: number;
  max: number;
  p99: number;
  /** Each update's time, in order. */
  times: number[];
}

function mount() {
  const host = document.createElement('div');
  host.style.width = '760px';
  document.body.replaceChildren(host);
  return { host, root: createRoot(host) };
}

function timed(work: () => void): number {
  const start = performance.now();
  work();
  void document.documentElement.offsetHeight;
  return performance.now() - start;
}

function summary(times: number[]): Timings {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    total: times.reduce((a, b) => a + b, 0),
    max: sorted.at(-1) ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    times,
  };
}

function once(text: string): number {
  const { root } = mount();
  return timed(() => flushSync(() => root.render(<MathMarkdown text={text} streaming={false} />)));
}

function stream(tokens: readonly string[]): Timings {
  const { root } = mount();
  const times: number[] = [];
  let text = '';
  for (const token of tokens) {
    text += token;
    const sofar = text;
    times.push(timed(() => flushSync(() => root.render(<MathMarkdown text={sofar} streaming />))));
  }
  times.push(
    timed(() => flushSync(() => root.render(<MathMarkdown text={text} streaming={false} />))),
  );
  return summary(times);
}

/** Re-render, re-typeset and re-sanitize everything per token; every k-th prefix, scaled by k. */
function naive(tokens: readonly string[], every: number): Timings {
  const { host } = mount();
  const sanitize = createSanitizer(DOMPurify(window));
  const times: number[] = [];
  let text = '';
  for (const [i, token] of tokens.entries()) {
    text += token;
    if ((i + 1) % every !== 0 && i !== tokens.length - 1) continue;
    const sofar = text;
    const time = timed(() => {
      const { blocks } = createStreamRenderer({ cache: createMathCache() }).finish(sofar);
      host.innerHTML = sanitize(blocks.map((b) => b.html).join(''));
    });
    for (let k = 0; k < every; k++) times.push(time);
  }
  return summary(times);
}

declare global {
  interface Window {
    renderBench: { once: typeof once; stream: typeof stream; naive: typeof naive };
  }
}

window.renderBench = { once, stream, naive };
