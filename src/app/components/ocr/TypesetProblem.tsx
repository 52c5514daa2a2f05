import type { ReactNode } from 'react';
import { splitMath } from '../../../core/markdown/math-spans';
import type { TextRange } from '../../../core/ocr/confidence';
import type { OcrFormula } from '../../../engines/ocr/protocol';
import { useTranslation } from '../../i18n';
import { TeX } from '../TeX';

export interface TypesetProblemProps {
  /** The Problem box's text, as it will be solved. */
  problem: string;
  /** Parts to check, as ranges of `problem` (only while it is what was read). */
  uncertain: TextRange[];
  /** Formulas the formula model read, as ranges of `problem` (same condition). */
  formulas: OcrFormula[];
}

/**
 * The problem typeset with KaTeX, so that a student compares it with the
 * picture symbol by symbol: prose as it is, `$…$` as typeset math. Words
 * and formulas the recognisers were unsure of are marked.
 */
export function TypesetProblem({ problem, uncertain, formulas }: TypesetProblemProps) {
  const { t } = useTranslation();
  if (!problem.trim()) return <p className="ocr-typeset empty">{t('ocr.empty')}</p>;
  const parts: ReactNode[] = [];
  let at = 0;
  for (const [i, segment] of splitMath(problem).entries()) {
    const source = segment.kind === 'text' ? segment.text : segment.source;
    const start = problem.indexOf(source, at);
    const begin = start < 0 ? at : start;
    const end = begin + source.length;
    if (segment.kind === 'math') {
      const doubtful = uncertain.some((r) => r.start < end && r.end > begin);
      const formula = formulas.find((f) => f.start < end && f.end > begin);
      const math = <TeX latex={segment.latex} display={segment.display} />;
      parts.push(
        doubtful ? (
          <mark
            key={i}
            className="uncertain-formula"
            title={t('ocr.uncertainFormula', {
              percent: Math.round((formula?.confidence ?? 0) * 100),
            })}
          >
            {math}
          </mark>
        ) : (
          <span key={i}>{math}</span>
        ),
      );
    } else {
      parts.push(...marked(source, begin, uncertain, i));
    }
    at = end;
  }
  return <div className="ocr-typeset">{parts}</div>;
}

/** Prose with the doubtful ranges inside it wrapped in <mark>. */
function marked(text: string, offset: number, ranges: TextRange[], key: number): ReactNode[] {
  const out: ReactNode[] = [];
  let at = 0;
  const inside = ranges
    .filter((r) => r.end > offset && r.start < offset + text.length)
    .sort((a, b) => a.start - b.start);
  for (const r of inside) {
    const s = Math.max(0, r.start - offset);
    const e = Math.min(text.length, r.end - offset);
    if (s < at) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(<mark key={`${key}-${s}`}>{text.slice(s, e)}</mark>);
    at = e;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}
