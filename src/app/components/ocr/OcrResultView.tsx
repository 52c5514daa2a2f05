import type { ReactNode } from 'react';
import type { OcrResult } from '../../../engines/ocr/protocol';

export interface OcrResultViewProps {
  preview?: string;
  result?: OcrResult;
}

/**
 * The picture next to what was read from it, with the words tesseract was
 * unsure of highlighted, its confidence, and an honest note when the picture
 * is mostly math, which a text recognizer reads poorly.
 */
export function OcrResultView({ preview, result }: OcrResultViewProps) {
  return (
    <figure className="ocr-result">
      {preview && (
        <img
          src={preview}
          alt="The problem being read"
          onError={(event) => {
            // A format the browser cannot show (HEIC in Chrome): keep the text, drop the picture.
            event.currentTarget.hidden = true;
          }}
        />
      )}
      {result && (
        <figcaption>
          <p className="ocr-label">Read from the picture:</p>
          <p className="ocr-text">{highlight(result.text, result.uncertain)}</p>
          <p className="ocr-confidence">
            Confidence {Math.round(result.confidence * 100)}%
            {result.uncertain.length > 0 ? ': check the highlighted parts.' : '.'} The text is in
            the Problem box to correct.
          </p>
          {result.mathHeavy && (
            <p className="note ocr-math-note">
              This looks mostly like math (fractions, roots, powers). Text recognition often gets
              these wrong: compare the Problem box with the picture, symbol by symbol, before
              solving.
            </p>
          )}
          {result.notices.map((notice) => (
            <p key={notice} className="note">
              {notice}
            </p>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

function highlight(text: string, ranges: { start: number; end: number }[]): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const { start, end } of ranges) {
    if (start < at) continue;
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return parts;
}
