import {
  type ErrorDetail,
  type HostMessage,
  type HostPayload,
  hostMessage,
  parseOrigin,
  parseTutorMessage,
  type SolvedDetail,
} from './protocol';
import { FLAG_ATTRIBUTES, tutorFrameUrl, URL_ATTRIBUTES } from './url';

const MIN_HEIGHT = 240;
// Until the app reports its height: about a problem box and a short solution.
const STYLE = ':host{display:block}iframe{display:block;width:100%;height:560px;border:0}';

export interface MathTutorEventMap {
  'mathtutor:ready': CustomEvent<Record<string, never>>;
  'mathtutor:solved': CustomEvent<SolvedDetail>;
  'mathtutor:error': CustomEvent<ErrorDetail>;
}

/**
 * `<math-tutor>`: the tutor app in an iframe, driven over postMessage
 * (./protocol.ts). It accepts messages only from its own iframe's window
 * and the tutor's origin, and addresses every message to the tutor's origin,
 * so what it sends cannot reach a page the iframe was navigated to.
 */
export class MathTutorElement extends HTMLElement {
  static readonly observedAttributes = [...URL_ATTRIBUTES, ...FLAG_ATTRIBUTES];
  /** The app's address (index.ts sets it, from embed.js's own, before defining the element). */
  static appUrl = '';

  /** The origin the iframe was given; messages from anywhere else are not the tutor's. */
  #tutorOrigin = '';

  #frame: HTMLIFrameElement | undefined;
  #ready = false;
  // Calls made before the app can take them (it is still loading) wait here.
  #queue: HostMessage[] = [];

  connectedCallback(): void {
    window.addEventListener('message', this.#onMessage);
    if (!this.#frame) {
      const root = this.attachShadow({ mode: 'open' });
      const style = document.createElement('style');
      style.textContent = STYLE;
      this.#frame = document.createElement('iframe');
      this.#frame.title = 'Math tutor';
      // No `allow` features: paste arrives as a paste event and photos through
      // a file input (with `capture` on phones), neither of which needs a
      // permission delegated from this page.
      root.append(style, this.#frame);
    }
    this.#load();
  }

  disconnectedCallback(): void {
    window.removeEventListener('message', this.#onMessage);
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (!this.#frame || !this.isConnected || previous === value) return;
    if (name === 'problem') this.setProblem(value ?? '');
    // Model, mode, language and backend are the app's URL parameters: a new
    // value reloads the tutor with it.
    else this.#load();
  }

  /** Replaces the text in the tutor's Problem box. */
  setProblem(text: string): void {
    this.#send({ type: 'setProblem', problem: String(text) });
  }

  /** Solves the problem in the tutor's Problem box, as its Solve button does. */
  solve(): void {
    this.#send({ type: 'solve' });
  }

  #load(): void {
    if (!this.#frame) return;
    this.#ready = false;
    const appUrl = MathTutorElement.appUrl;
    this.#tutorOrigin = new URL(appUrl).origin;
    const host = parseOrigin(window.location.origin);
    this.#frame.src = tutorFrameUrl(appUrl, host, (name) => this.getAttribute(name));
  }

  #send(payload: HostPayload): void {
    const message = hostMessage(payload);
    const target = this.#frame?.contentWindow;
    if (this.#ready && target) target.postMessage(message, this.#tutorOrigin);
    else this.#queue.push(message);
  }

  #onMessage = (event: MessageEvent): void => {
    const frame = this.#frame;
    if (!frame || event.source !== frame.contentWindow || event.origin !== this.#tutorOrigin)
      return;
    const message = parseTutorMessage(event.data);
    switch (message?.type) {
      case 'ready': {
        this.#ready = true;
        const queued = this.#queue;
        this.#queue = [];
        for (const m of queued) frame.contentWindow?.postMessage(m, this.#tutorOrigin);
        this.#emit('mathtutor:ready', {});
        break;
      }
      case 'solved': {
        const { problem, answer, answerLatex } = message;
        this.#emit('mathtutor:solved', { problem, answer, answerLatex });
        break;
      }
      case 'error':
        this.#emit('mathtutor:error', { code: message.code, message: message.message });
        break;
      case 'resize':
        frame.style.height = `${Math.max(MIN_HEIGHT, Math.ceil(message.height))}px`;
        break;
    }
  };

  #emit<K extends keyof MathTutorEventMap>(type: K, detail: MathTutorEventMap[K]['detail']): void {
    // composed: listeners on the document hear it too, from any shadow tree.
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'math-tutor': MathTutorElement;
  }
}
