/**
 * embed.js, the script course pages load:
 * `<script type="module" src="https://TUTOR-ORIGIN/embed.js"></script>`.
 * Built on its own (scripts/vite/embed-entry.ts) into one small unhashed file.
 */
import { MathTutorElement } from './element';

// The app lives next to embed.js: wherever a school deploys it, the pair moves
// together. (Read here, in the entry: in the dev server this module's URL is
// /embed.js too, while element.ts's is its source path. Through a variable,
// because Vite would take `new URL('./', import.meta.url)` for an asset.)
const scriptUrl = import.meta.url;
MathTutorElement.appUrl = new URL('./', scriptUrl).href;

// A page may load embed.js twice (two widgets, two copies of the snippet).
if (!customElements.get('math-tutor')) customElements.define('math-tutor', MathTutorElement);
