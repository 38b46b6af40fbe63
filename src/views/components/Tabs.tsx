// WAI-ARIA tablist: arrow keys / Home / End move between tabs (automatic activation), one tab stop.
import { useRef } from 'preact/hooks';
import './components.css';
import { t } from '../../shared/i18n';

export function tabId(prefix: string, id: string): string {
  return `${prefix}-tab-${id}`;
}
export function panelId(prefix: string, id: string): string {
  return `${prefix}-panel-${id}`;
}

export function Tabs<T extends string>(props: { tabs: readonly { id: T; label: string }[]; active: T; onChange: (t: T) => void; idPrefix: string }) {
  const { active, onChange, idPrefix } = props;
  const tabs = props.tabs.map((t) => t.id);
  const listRef = useRef<HTMLDivElement>(null);
  const focusTab = (t: T) => {
    onChange(t);
    listRef.current?.querySelector<HTMLButtonElement>(`#${CSS.escape(tabId(idPrefix, t))}`)?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const k = tabs.indexOf(active);
    let next = -1;
    if (e.key === 'ArrowRight') next = (k + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (k - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next >= 0) {
      e.preventDefault();
      focusTab(tabs[next]);
    }
  };
  return (
    <div class="al-tabs" role="tablist" aria-label={t('tabs_label')} ref={listRef} onKeyDown={onKeyDown}>
      {props.tabs.map(({ id: t, label }) => (
        <button
          key={t}
          type="button"
          role="tab"
          id={tabId(idPrefix, t)}
          class="al-tab"
          data-testid={`tab-${t}`}
          aria-selected={t === active ? 'true' : 'false'}
          aria-controls={panelId(idPrefix, t)}
          tabIndex={t === active ? 0 : -1}
          onClick={() => onChange(t)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
