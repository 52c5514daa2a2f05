interface ProblemInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter solves, as in most chat and math tools. */
  onSubmit: () => void;
}

export function ProblemInput({ value, onChange, onSubmit }: ProblemInputProps) {
  return (
    <div className="problem-input">
      <label htmlFor="problem">Problem</label>
      <textarea
        id="problem"
        value={value}
        rows={4}
        spellCheck={false}
        placeholder="Type a problem, e.g. Solve $x^2 - 5x + 6 = 0$."
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            onSubmit();
          }
        }}
      />
    </div>
  );
}
