/**
 * The page bench/render-browser.ts loads in Chromium: the real MathMarkdown
 * component, driven the way the app drives it: updates land in animation
 * frames (useSolver batches tokens per frame), here one token per frame, the
 * worst case (any model slower than 60 tokens/s). Nothing reads layout: each
 * update's time runs from its frame's requestAnimationFrame callback to the
 * first task after that frame, so it is the frame's whole main-thread work for
 * the update: pipeline, sanitizer, React, DOM patch, and the browser's own
 * style, layout, paint recording and commit. The browser is started without
 * the frame-rate limit, so frames follow each other as soon as they are done.
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

/** The main-thread time of a frame that does `work`: from its rAF callback to the task after it. */
function inFrame(work: () => void): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const start = performance.now();
      work();
      // Posted during the frame, run after its rendering steps (style, layout, paint, commit).
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve(performance.now() - start);
      };
      channel.port2.postMessage(null);
    });
  });
}

/** A forced synchronous layout after the work: the previous method, kept for comparison. */
function forced(work: () => void): Promise<number> {
  const start = performance.now();
  work();
  void document.documentElement.offsetHeight;
  return Promise.resolve(performance.now() - start);
}

export type Method = 'frame' | 'forced';
const methods = { frame: inFrame, forced };

function summary(times: number[]): Timings {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    total: times.reduce((a, b) => a + b, 0),
    max: sorted.at(-1) ?? 0,
    p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
    times,
  };
}

async function once(text: string, method: Method = 'frame'): Promise<number> {
  const { root } = mount();
  // A frame of its own first, so that "once" does not pay for the mount's.
  await inFrame(() => {});
  return methods[method](() =>
    flushSync(() => root.render(<MathMarkdown text={text} streaming={false} />)),
  );
}

export interface StreamResult extends Timings {
  /**
   * How far a finished block near the top of the viewport moved while the
   * rest streamed (px; 0 when the scroll position is stable), measured once
   * at the middle of the stream and once at its end, never per token.
   */
  drift: number;
}

async function stream(tokens: readonly string[], method: Method = 'frame'): Promise<StreamResult> {
  const { host, root } = mount();
  const measure = methods[method];
  await inFrame(() => {});
  const times: number[] = [];
  let text = '';
  let anchor: { element: Element; top: number } | undefined;
  for (const [i, token] of tokens.entries()) {
    text += token;
    const sofar = text;
    times.push(
      await measure(() => flushSync(() => root.render(<MathMarkdown text={sofar} streaming />))),
    );
    if (i === Math.floor(tokens.length / 2)) anchor = scrollToSecondBlock(host);
  }
  times.push(
    await measure(() =>
      flushSync(() => root.render(<MathMarkdown text={text} streaming={false} />)),
    ),
  );
  const drift = anchor ? Math.abs(anchor.element.getBoundingClientRect().top - anchor.top) : 0;
  window.scrollTo(0, 0);
  return { ...summary(times), drift };
}

/**
 * Scrolls so that the second block sits at the top of the viewport, as a
 * student reading back while the solution streams, and notes where it is.
 */
function scrollToSecondBlock(host: HTMLElement): { element: Element; top: number } | undefined {
  const element = host.querySelectorAll('.mm-block')[1];
  if (!element) return undefined;
  // Room below, so the page can scroll that far whatever the solution's length.
  host.style.paddingBottom = '200vh';
  window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY);
  return { element, top: element.getBoundingClientRect().top };
}

/** Re-render, re-typeset and re-sanitize everything per token; every k-th prefix, scaled by k. */
async function naive(tokens: readonly string[], every: number): Promise<Timings> {
  const { host } = mount();
  const sanitize = createSanitizer(DOMPurify(window));
  const times: number[] = [];
  let text = '';
  for (const [i, token] of tokens.entries()) {
    text += token;
    if ((i + 1) % every !== 0 && i !== tokens.length - 1) continue;
    const sofar = text;
    const time = await inFrame(() => {
      const { blocks } = createStreamRenderer({ cache: createMathCache() }).finish(sofar);
      host.innerHTML = sanitize(blocks.map((b) => b.html).join(''));
    });
    for (let k = 0; k < every; k++) times.push(time);
  }
  return summary(times);
}

/**
 * The browser's own cost of a frame that changes one character, with the
 * whole solution on the page: the floor under any streamed update, whatever
 * renders it.
 */
async function floor(text: string, frames: number): Promise<Timings> {
  const { host, root } = mount();
  flushSync(() => root.render(<MathMarkdown text={text} streaming={false} />));
  const counter = document.createElement('p');
  const node = document.createTextNode('');
  counter.append(node);
  host.append(counter);
  await inFrame(() => {});
  const times: number[] = [];
  for (let i = 0; i < frames; i++) times.push(await inFrame(() => node.appendData('x')));
  return summary(times);
}

/** Extra CSS, for trying variants from bench scripts. */
function style(css: string): void {
  const element = document.createElement('style');
  element.textContent = css;
  document.head.append(element);
}

declare global {
  interface Window {
    renderBench: {
      once: typeof once;
      stream: typeof stream;
      naive: typeof naive;
      floor: typeof floor;
      style: typeof style;
    };
  }
}

window.renderBench = { once, stream, naive, floor, style };
