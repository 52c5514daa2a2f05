import { useEffect, useRef } from 'react';

interface ClearHistoryDialogProps {
  count: number;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * Asks before deleting everything. A modal <dialog>: the browser keeps the
 * focus inside, closes it on Escape and returns the focus to "Clear history".
 * "Cancel" has the focus first, so Enter alone deletes nothing.
 */
export function ClearHistoryDialog({ count, onConfirm, onCancel }: ClearHistoryDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  const problems = count === 1 ? 'the 1 problem' : `all ${count} problems`;
  return (
    <dialog
      ref={ref}
      className="history-dialog"
      aria-labelledby="clear-history-title"
      aria-describedby="clear-history-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h3 id="clear-history-title">Clear history?</h3>
      <p id="clear-history-text">
        This deletes {problems} in the history from this device. It cannot be undone; use "Export
        history" first to keep a copy.
      </p>
      <div className="history-dialog-actions">
        {/* biome-ignore lint/a11y/noAutofocus: the safe choice has the focus when the dialog opens. */}
        <button type="button" autoFocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={onConfirm}>
          Delete all
        </button>
      </div>
    </dialog>
  );
}
