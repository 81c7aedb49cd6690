import './surveys.css';

export interface Choice {
  value: string;
  label: string;
  disabled?: boolean;
}

/**
 * A list of big choice buttons, one or several to pick: each says it is chosen with a ✓ and a filled
 * button, and screen readers hear radios or checkboxes. (antd-mobile's Radio hides its input from
 * the accessibility tree and the keyboard, so the answer forms use this instead.)
 */
export function ChoiceList({
  label,
  choices,
  value,
  multiple = false,
  onChange,
}: {
  /** What the group asks, for screen readers (the visible question labels it too). */
  label: string;
  choices: Choice[];
  value: string[];
  multiple?: boolean;
  onChange: (value: string[]) => void;
}) {
  const toggle = (v: string) => {
    if (!multiple) return onChange([v]);
    onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  };
  return (
    <div className="pick-list" role={multiple ? 'group' : 'radiogroup'} aria-label={label}>
      {choices.map((c) => {
        const on = value.includes(c.value);
        return (
          <button
            key={c.value}
            type="button"
            role={multiple ? 'checkbox' : 'radio'}
            aria-checked={on}
            disabled={c.disabled}
            className={`pick-button${on ? ' chosen' : ''}`}
            onClick={() => toggle(c.value)}
          >
            <span className="pick-box" aria-hidden>
              {on ? '✓' : ''}
            </span>
            <span>{c.label}</span>
          </button>
        );
      })}
    </div>
  );
}
