import { useTranslation } from '../i18n';

interface ProblemInputProps {
  value: string;
  onChange: (value: string) => void;
  /** Ctrl/Cmd+Enter solves, as in most chat and math tools. */
  onSubmit: () => void;
}

export function ProblemInput({ value, onChange, onSubmit }: ProblemInputProps) {
  const { t } = useTranslation();
  return (
    <div className="problem-input">
      <label htmlFor="problem">{t('problem.label')}</label>
      <textarea
        id="problem"
        value={value}
        rows={4}
        spellCheck={false}
        placeholder={t('problem.placeholder')}
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
