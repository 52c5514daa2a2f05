import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

/** One formula. KaTeX escapes its input and runs with trust off, so its HTML is safe to insert. */
export function TeX({ latex, display = false }: { latex: string; display?: boolean }) {
  const html = useMemo(() => {
    try {
      return katex.renderToString(latex, {
        displayMode: display,
        output: 'htmlAndMathml',
        throwOnError: true,
        trust: false,
        strict: 'ignore',
      });
    } catch {
      return undefined;
    }
  }, [latex, display]);
  if (html === undefined) return <code className="tex-error">{latex}</code>;
  // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output with trust:false.
  return <span className="tex" dangerouslySetInnerHTML={{ __html: html }} />;
}
