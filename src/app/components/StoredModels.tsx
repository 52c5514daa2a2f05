import { useCallback, useEffect, useState } from 'react';
import type { ModelEntry } from '../../core/registry';
import { deleteStored, listStored, type StoredModel } from '../../engines/llm/client';
import { currentLanguage, useTranslation } from '../i18n';
import { formatBytes } from '../solver/download';

interface StorageInfo {
  used?: number;
  quota?: number;
  persisted?: boolean;
}

/**
 * "Stored models": what this device keeps, how much room it takes and has,
 * whether the browser promised to keep it, and a way to delete each model.
 */
export function StoredModels({
  models,
  folderOf,
  onDeleted,
  onClose,
}: {
  models: ModelEntry[];
  folderOf: (entry: ModelEntry) => string;
  onDeleted: (entry: ModelEntry) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [stored, setStored] = useState<StoredModel[]>();
  const [storage, setStorage] = useState<StorageInfo>({});
  const [deleting, setDeleting] = useState<string>();

  const refresh = useCallback(async () => {
    setStored(await listStored(models, folderOf).catch(() => []));
    const estimate = await navigator.storage?.estimate?.().catch(() => undefined);
    const persisted = await navigator.storage?.persisted?.().catch(() => undefined);
    setStorage({
      ...(estimate?.usage !== undefined ? { used: estimate.usage } : {}),
      ...(estimate?.quota !== undefined ? { quota: estimate.quota } : {}),
      ...(persisted !== undefined ? { persisted } : {}),
    });
  }, [models, folderOf]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const remove = async (model: StoredModel) => {
    setDeleting(model.modelId);
    try {
      await deleteStored(model.folder);
      const entry = models.find((m) => m.id === model.modelId);
      if (entry) onDeleted(entry);
    } finally {
      setDeleting(undefined);
      await refresh();
    }
  };

  const date = new Intl.DateTimeFormat(currentLanguage() === 'zh' ? 'zh-CN' : 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (
    <section aria-label={t('models.title')} className="stored-models">
      <h2>{t('models.title')}</h2>
      {stored?.length === 0 && <p className="note">{t('models.none')}</p>}
      {stored && stored.length > 0 && (
        <ul>
          {stored.map((model) => (
            <li key={model.folder}>
              <span className="name">{model.name}</span>
              <span className="size">{formatBytes(model.bytes)}</span>
              {model.storedAt !== undefined && (
                <span className="when">
                  {t('models.storedOn', { date: date.format(model.storedAt) })}
                </span>
              )}
              <button
                type="button"
                className="secondary"
                onClick={() => void remove(model)}
                disabled={deleting !== undefined}
              >
                {deleting === model.modelId
                  ? t('models.deleting')
                  : t('models.delete', { model: model.name })}
              </button>
            </li>
          ))}
        </ul>
      )}
      <p className="note">
        {storage.quota !== undefined
          ? t('models.usage', {
              used: formatBytes(storage.used ?? 0),
              quota: formatBytes(storage.quota),
            })
          : t('models.usageUnknown')}
      </p>
      <p className="note">
        {storage.persisted === undefined
          ? t('models.persistUnknown')
          : storage.persisted
            ? t('models.persistent')
            : t('models.notPersistent')}
      </p>
      <button type="button" className="secondary" onClick={onClose}>
        {t('models.close')}
      </button>
    </section>
  );
}
