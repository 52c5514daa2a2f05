import type { HistoryEntry } from '../history';

interface HistoryPanelProps {
  entries: HistoryEntry[];
  onOpen: (entry: HistoryEntry) => void;
  onClear: () => void;
}

export function HistoryPanel({ entries, onOpen, onClear }: HistoryPanelProps) {
  return (
    <section aria-label="History" className="history">
      <h2>History</h2>
      {entries.length === 0 ? (
        <p className="note">Problems you solve appear here. They stay on this device.</p>
      ) : (
        <>
          <ul>
            {entries.map((entry) => (
              <li key={entry.id}>
                <button type="button" onClick={() => onOpen(entry)} title={entry.problem}>
                  <span className="history-problem">{entry.problem}</span>
                  {entry.answerLatex !== undefined && (
                    <span className="history-answer"> = {entry.answerLatex}</span>
                  )}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="link" onClick={onClear}>
            Clear history
          </button>
        </>
      )}
    </section>
  );
}
