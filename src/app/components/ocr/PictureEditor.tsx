import { type CSSProperties, useRef, useState } from 'react';
import type { ImageTransform, NormBox } from '../../../core/image/transform';
import { useTranslation } from '../../i18n';

export interface PictureEditorProps {
  src: string;
  transform: ImageTransform;
  selection: NormBox | null;
  onSelect: (selection: NormBox | null) => void;
  /** Photos can be turned and cropped; a sketch is shown as drawn. */
  editable: boolean;
}

/** The picture's largest height on screen, CSS pixels. */
const MAX_HEIGHT = 260;

/** Below this size (fraction of the picture) a drag is a tap, not a selection. */
const MIN_SELECTION = 0.02;

/**
 * The picture as it is read: turned by quarter turns and cropped with CSS
 * (the pixels are turned and cut in the worker, from the original file),
 * with a rectangle the student drags out by mouse, touch or pen to select
 * a part: to read only that part, or to read it as a formula.
 */
export function PictureEditor({
  src,
  transform,
  selection,
  onSelect,
  editable,
}: PictureEditorProps) {
  const { t } = useTranslation();
  const [natural, setNatural] = useState<{ width: number; height: number } | null>(null);
  const [failed, setFailed] = useState(false);
  const [drag, setDrag] = useState<{ x: number; y: number; box: NormBox } | null>(null);
  const frame = useRef<HTMLDivElement>(null);

  const turned = transform.rotate === 90 || transform.rotate === 270;
  const size = natural ?? { width: 4, height: 3 };
  const rw = turned ? size.height : size.width;
  const rh = turned ? size.width : size.height;
  const crop = transform.crop ?? { x: 0, y: 0, width: 1, height: 1 };

  const at = (event: React.PointerEvent) => {
    const rect = frame.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return { x: 0, y: 0 };
    return {
      x: Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width)),
      y: Math.min(1, Math.max(0, (event.clientY - rect.top) / rect.height)),
    };
  };
  const boxFrom = (a: { x: number; y: number }, b: { x: number; y: number }): NormBox => ({
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    width: Math.abs(a.x - b.x),
    height: Math.abs(a.y - b.y),
  });

  const shown = drag?.box ?? selection;
  if (failed) return null;
  return (
    <div className="picture-editor">
      <div
        ref={frame}
        className={`picture-frame${editable ? ' selectable' : ''}`}
        style={{
          aspectRatio: `${crop.width * rw} / ${crop.height * rh}`,
          // A tall picture is narrowed rather than squashed under the height limit.
          width: `min(100%, ${MAX_HEIGHT * ((crop.width * rw) / (crop.height * rh))}px)`,
        }}
        onPointerDown={(event) => {
          if (!editable || event.button > 0) return;
          event.currentTarget.setPointerCapture(event.pointerId);
          const p = at(event);
          setDrag({ ...p, box: { ...p, width: 0, height: 0 } });
        }}
        onPointerMove={(event) => {
          if (!drag) return;
          setDrag({ ...drag, box: boxFrom(drag, at(event)) });
        }}
        onPointerUp={(event) => {
          if (!drag) return;
          const box = boxFrom(drag, at(event));
          setDrag(null);
          onSelect(box.width >= MIN_SELECTION && box.height >= MIN_SELECTION ? box : null);
        }}
        onPointerCancel={() => setDrag(null)}
      >
        <div className="picture-turned" style={turnedStyle(crop)}>
          <img
            src={src}
            alt={t('ocr.pictureAlt')}
            draggable={false}
            // A 12000×9000 photo must not be decoded on the main thread.
            decoding="async"
            style={imageStyle(transform.rotate, size)}
            onLoad={(event) =>
              setNatural({
                width: event.currentTarget.naturalWidth,
                height: event.currentTarget.naturalHeight,
              })
            }
            // A format the browser cannot show (HEIC in Chrome): keep the text, drop the picture.
            onError={() => setFailed(true)}
          />
        </div>
        {shown && (
          <div
            className="picture-selection"
            style={{
              left: `${shown.x * 100}%`,
              top: `${shown.y * 100}%`,
              width: `${shown.width * 100}%`,
              height: `${shown.height * 100}%`,
            }}
          />
        )}
      </div>
      {editable && <p className="picture-help">{t('ocr.pictureHelp')}</p>}
    </div>
  );
}

/** The whole turned picture, placed so that the crop fills the frame. */
function turnedStyle(crop: NormBox): CSSProperties {
  return {
    left: `${(-crop.x / crop.width) * 100}%`,
    top: `${(-crop.y / crop.height) * 100}%`,
    width: `${100 / crop.width}%`,
    height: `${100 / crop.height}%`,
  };
}

/** The image inside the turned box: for a quarter turn its sides swap, then it is rotated about its centre. */
function imageStyle(rotate: number, size: { width: number; height: number }): CSSProperties {
  // Unturned, no transform at all (a transformed image gets its own layer).
  if (rotate === 0) return { left: 0, top: 0, width: '100%', height: '100%' };
  const turned = rotate === 90 || rotate === 270;
  return {
    width: turned ? `${(size.width / size.height) * 100}%` : '100%',
    height: turned ? `${(size.height / size.width) * 100}%` : '100%',
    transform: `translate(-50%, -50%) rotate(${rotate}deg)`,
  };
}
