import { useCallback, useEffect, useRef, useState } from 'react';
import type { PenStroke } from '../../../core/image/strokes';
import { useTranslation } from '../../i18n';

interface Point {
  x: number;
  y: number;
  /** Pen pressure 0–1 (0.5 for mouse and touch, which report none). */
  pressure: number;
}

interface Stroke {
  points: Point[];
  erase: boolean;
}

const PEN_WIDTH = 6;
const ERASER_WIDTH = 28;

export interface SketchPadProps {
  /**
   * The drawing as its strokes (CSS pixels), which the OCR worker draws
   * cleanly at the recogniser's best size, and a data URL for the thumbnail.
   */
  onRecognize: (strokes: PenStroke[], preview: string) => void;
  disabled?: boolean;
}

/**
 * A drawing surface for a problem written by hand: pointer events (mouse,
 * touch and pen, with pen pressure widening the line), undo, clear and an
 * eraser. Strokes are kept as points in CSS pixels and redrawn on undo or
 * resize; the canvas is painted white so the picture OCR reads is opaque.
 */
export function SketchPad({ onRecognize, disabled }: SketchPadProps) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const strokes = useRef<Stroke[]>([]);
  const current = useRef<Stroke | null>(null);
  const [count, setCount] = useState(0);
  const [erasing, setErasing] = useState(false);

  const redraw = useCallback(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext('2d');
    if (!canvas || !context) return;
    const scale = canvas.width / Math.max(1, canvas.clientWidth);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.setTransform(scale, 0, 0, scale, 0, 0);
    for (const stroke of strokes.current) drawStroke(context, stroke, 0);
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const resize = () => {
      const ratio = window.devicePixelRatio || 1;
      canvas.width = Math.round(canvas.clientWidth * ratio);
      canvas.height = Math.round(canvas.clientHeight * ratio);
      redraw();
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [redraw]);

  const pointAt = (event: React.PointerEvent<HTMLCanvasElement>): Point => {
    const rect = event.currentTarget.getBoundingClientRect();
    const pressure = event.pointerType === 'pen' && event.pressure > 0 ? event.pressure : 0.5;
    return { x: event.clientX - rect.left, y: event.clientY - rect.top, pressure };
  };

  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (disabled || event.button > 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    current.current = { points: [pointAt(event)], erase: erasing };
    strokes.current.push(current.current);
    const context = event.currentTarget.getContext('2d');
    if (context) drawStroke(context, current.current, 0);
  };

  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const stroke = current.current;
    const context = event.currentTarget.getContext('2d');
    if (!stroke || !context) return;
    const from = stroke.points.length - 1;
    // Coalesced events keep fast strokes smooth where the browser batches moves.
    const events = event.nativeEvent.getCoalescedEvents?.() ?? [];
    if (events.length > 0) {
      const rect = event.currentTarget.getBoundingClientRect();
      for (const e of events) {
        const pressure = e.pointerType === 'pen' && e.pressure > 0 ? e.pressure : 0.5;
        stroke.points.push({ x: e.clientX - rect.left, y: e.clientY - rect.top, pressure });
      }
    } else {
      stroke.points.push(pointAt(event));
    }
    drawStroke(context, stroke, from);
  };

  const onPointerUp = () => {
    if (!current.current) return;
    current.current = null;
    setCount(strokes.current.length);
  };

  const undo = () => {
    strokes.current.pop();
    setCount(strokes.current.length);
    redraw();
  };

  const clear = () => {
    strokes.current = [];
    setCount(0);
    redraw();
  };

  const recognize = () => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    onRecognize(strokes.current.map(penStroke), canvas.toDataURL('image/png'));
  };

  const hasInk = strokes.current.some((s) => !s.erase) && count > 0;
  return (
    <div className="sketch-pad">
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={t('ocr.sketchPad')}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
      <div className="sketch-tools">
        <button type="button" onClick={undo} disabled={count === 0}>
          {t('ocr.undo')}
        </button>
        <button type="button" onClick={clear} disabled={count === 0}>
          {t('ocr.clear')}
        </button>
        <button type="button" aria-pressed={erasing} onClick={() => setErasing((e) => !e)}>
          {t('ocr.eraser')}
        </button>
        <button
          type="button"
          className="primary"
          onClick={recognize}
          disabled={disabled || !hasInk}
        >
          {t('ocr.recognize')}
        </button>
      </div>
    </div>
  );
}

/** A stroke as the recogniser takes it: one width (the mean of its pressure-dependent widths). */
function penStroke(stroke: Stroke): PenStroke {
  const mean =
    stroke.points.reduce((sum, p) => sum + p.pressure, 0) / Math.max(1, stroke.points.length);
  return {
    points: stroke.points.map((p): [number, number] => [p.x, p.y]),
    width: stroke.erase ? ERASER_WIDTH : PEN_WIDTH * (0.4 + 1.2 * mean),
    ...(stroke.erase ? { erase: true } : {}),
  };
}

/** Draws a stroke from point `from` on, each segment as wide as its pressure says. */
function drawStroke(context: CanvasRenderingContext2D, stroke: Stroke, from: number): void {
  context.lineCap = 'round';
  context.lineJoin = 'round';
  context.strokeStyle = stroke.erase ? '#fff' : '#111';
  context.fillStyle = context.strokeStyle;
  const points = stroke.points;
  const width = (p: Point) => (stroke.erase ? ERASER_WIDTH : PEN_WIDTH * (0.4 + 1.2 * p.pressure));
  const first = points[from];
  if (!first) return;
  if (points.length === 1) {
    context.beginPath();
    context.arc(first.x, first.y, width(first) / 2, 0, Math.PI * 2);
    context.fill();
    return;
  }
  for (let i = Math.max(1, from); i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    context.lineWidth = width(b);
    context.beginPath();
    context.moveTo(a.x, a.y);
    context.lineTo(b.x, b.y);
    context.stroke();
  }
}
