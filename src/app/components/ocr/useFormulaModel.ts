import { useCallback, useEffect, useState } from 'react';
import {
  chooseFormulaModel,
  formulaFolderUrl,
  parseFormulaEntries,
} from '../../../core/ocr/formula/models';
import type { FormulaRequest } from '../../../engines/ocr/protocol';
import { appConfig } from '../../config';

export interface FormulaModelState {
  /** Which recogniser, and where its folder is; null until models.json has been read. */
  where: Omit<FormulaRequest, 'download'> | null;
  /** Already on this device: formulas are read without asking. */
  stored: boolean;
  /** Download size when known (asked for only when an offer is shown). */
  bytes: number | null;
  /** Asks the cache again (after a download). */
  refresh(): void;
  /** Asks the server how big the download is, once. */
  measure(): void;
}

/**
 * The formula recogniser this deployment uses: the first `"task": "formula"`
 * entry of models.json (a school's own copy, or the test model), else
 * Pix2Text MFR from the Hub. The cache helpers are imported lazily with the
 * OCR client, so none of this weighs on the first load.
 */
export function useFormulaModel(): FormulaModelState {
  const [where, setWhere] = useState<FormulaModelState['where']>(null);
  const [stored, setStored] = useState(false);
  const [bytes, setBytes] = useState<number | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    const url = new URL('models.json', document.baseURI).href;
    fetch(url)
      .then(async (response) => {
        if (!response.ok || !response.headers.get('content-type')?.includes('json'))
          return { entries: [], hub: true };
        const json = (await response.json()) as { hub?: unknown };
        return { entries: parseFormulaEntries(json, url), hub: json.hub !== false };
      })
      .catch(() => ({ entries: [], hub: true }))
      .then(({ entries, hub }) => {
        if (!live) return;
        const model = chooseFormulaModel(entries, hub);
        if (!model) return;
        setWhere({ model, folderUrl: formulaFolderUrl(model, appConfig.hubHost) });
        setBytes(model.bytes ?? null);
      });
    return () => {
      live = false;
    };
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `generation` asks again after a download.
  useEffect(() => {
    if (!where) return;
    let live = true;
    void import('../../../engines/ocr/client')
      .then(({ isFormulaModelStored }) => isFormulaModelStored(where))
      .then((yes) => {
        if (live) setStored(yes);
      });
    return () => {
      live = false;
    };
  }, [where, generation]);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  const measure = useCallback(() => {
    if (!where || bytes !== null) return;
    void import('../../../engines/ocr/client')
      .then(({ formulaDownloadBytes }) => formulaDownloadBytes(where))
      .then(setBytes);
  }, [where, bytes]);

  return { where, stored, bytes, refresh, measure };
}
