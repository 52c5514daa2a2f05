import DOMPurify from 'dompurify';
import { createSanitizer, type RenderedBlock } from '../../core/markdown';

/**
 * Puts a rendered block into the page, changing only what differs from what
 * the element shows. While a block streams, a token usually lengthens one
 * text node, and the typeset formulas before it (most of the block's markup,
 * and most of the layout work) stay in place instead of being parsed and laid
 * out again on every token.
 */

/**
 * The renderer's sanitizer: once per formula (cached with it) and once per
 * rendered skeleton or list item (see core/markdown/list-items.ts), so a
 * token re-sanitizes only what it changed. An instance of our own, which the
 * sanitizer configures once.
 */
export const sanitize = createSanitizer(DOMPurify(window));

/** The block each block element shows, and what each formula slot shows. */
const shownBlock = new WeakMap<Element, RenderedBlock>();
const shownFormula = new WeakMap<Element, string>();

export function showBlock(root: Element, block: RenderedBlock): void {
  const { grew } = block;
  if (!(grew && shownBlock.get(root) === grew.from && appendText(root, grew.text))) {
    patch(root, block);
  }
  shownBlock.set(root, block);
}

function patch(root: Element, block: RenderedBlock): void {
  // Parsed inertly: nothing in a template's content runs or loads.
  const template = document.createElement('template');
  template.innerHTML = block.skeleton;
  patchChildren(root, template.content, block.formulas);
}

/**
 * Appends to the block's last text: the deepest last child, past the newline
 * markdown-it writes after each closing tag, or a new text node after a
 * formula that ends the block. The renderer only says a block grew when its
 * skeleton ends in one of these. Text nodes need no sanitizing.
 */
function appendText(root: Element, text: string): boolean {
  let node = root.lastChild;
  while (node !== null) {
    if (isElement(node)) {
      if (isSlot(node)) {
        node.after(text);
        return true;
      }
      node = node.lastChild;
    } else if (node.nodeValue === '\n' && node.previousSibling && isElement(node.previousSibling)) {
      node = node.previousSibling;
    } else if (isText(node)) {
      node.appendData(text);
      return true;
    } else {
      return false;
    }
  }
  return false;
}

function patchChildren(live: Node, next: Node, formulas: readonly string[]): void {
  let old = live.firstChild;
  let node = next.firstChild;
  while (node) {
    const following = node.nextSibling;
    if (old && sameKind(old, node)) {
      patchNode(old, node, formulas);
      old = old.nextSibling;
    } else {
      live.insertBefore(node, old);
      fillSlots(node, formulas);
    }
    node = following;
  }
  while (old) {
    const stale = old;
    old = old.nextSibling;
    live.removeChild(stale);
  }
}

function patchNode(old: Node, node: Node, formulas: readonly string[]): void {
  if (!isElement(old) || !isElement(node)) {
    if (old.nodeValue !== node.nodeValue) old.nodeValue = node.nodeValue;
    return;
  }
  for (const { name, value } of node.attributes) {
    // A <details> the reader has folded stays folded while the block streams.
    if (name !== 'open' && old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  for (const { name } of [...old.attributes]) {
    if (name !== 'open' && !node.hasAttribute(name)) old.removeAttribute(name);
  }
  if (isSlot(node)) fillSlot(old, formulas);
  else patchChildren(old, node, formulas);
}

function fillSlots(node: Node, formulas: readonly string[]): void {
  if (!isElement(node)) return;
  if (isSlot(node)) fillSlot(node, formulas);
  else for (const slot of node.querySelectorAll('.math-slot')) fillSlot(slot, formulas);
}

function fillSlot(slot: Element, formulas: readonly string[]): void {
  // Sanitized when it was typeset.
  const html = formulas[Number(slot.getAttribute('data-slot'))] ?? '';
  if (shownFormula.get(slot) === html) return;
  slot.innerHTML = html;
  shownFormula.set(slot, html);
}

function sameKind(a: Node, b: Node): boolean {
  if (a.nodeType !== b.nodeType) return false;
  return !isElement(a) || !isElement(b) || (a.tagName === b.tagName && isSlot(a) === isSlot(b));
}

function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

function isText(node: Node): node is Text {
  return node.nodeType === Node.TEXT_NODE;
}

function isSlot(element: Element): boolean {
  return element.classList.contains('math-slot');
}
