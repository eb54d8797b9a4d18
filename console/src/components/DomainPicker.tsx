import { Button, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useConsole } from '../lib/context';
import { domainLabel } from '../lib/format';
import type { Domain } from '../lib/types';
import { useDebounced } from './hooks';
import { ErrorAlert } from './ErrorAlert';

/**
 * Picks a domain of the caller's scope by searching (name or identifier prefix; the server only answers domains in
 * scope). Results are buttons, so it works by keyboard and needs no popup.
 */
export function DomainPicker({ id, value, onChange, testId, types, exclude, label }: {
  id: string;
  value?: Domain;
  onChange: (d?: Domain) => void;
  testId?: string;
  /** only domains of these types (one search per type, so that other types cannot fill the page) */
  types?: string[];
  /** ids never offered (the domain being moved, its current parent) */
  exclude?: (string | undefined)[];
  label: string;
}) {
  const { t } = useTranslation();
  const { api } = useConsole();
  const [text, setText] = useState('');
  const q = useDebounced(text, 250);
  const [results, setResults] = useState<Domain[]>([]);
  const [error, setError] = useState<unknown>();
  // after a pick the results disappear: the focus goes to "Change", not to the page's start
  const changeRef = useRef<HTMLButtonElement>(null);
  const picked = useRef(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const changing = useRef(false);
  useEffect(() => {
    if (value && picked.current) changeRef.current?.focus();
    if (!value && changing.current) inputRef.current?.focus();
    picked.current = false;
    changing.current = false;
  }, [value]);
  useEffect(() => {
    if (!q.trim()) {
      setResults([]);
      return;
    }
    let live = true;
    const skip = (exclude ?? []).filter((x): x is string => !!x);
    const max = 10 + skip.length;
    const search = (type?: string) => api.get<Domain[]>('/domains', { search: q.trim(), type, max });
    Promise.all(types && types.length ? types.map(search) : [search()]).then(
      (lists) => {
        if (!live) return;
        setError(undefined);
        setResults(lists.flat().filter((d) => !skip.includes(d.id) && (!types || !types.length || types.includes(d.type))).slice(0, 10));
      },
      (e) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // types and exclude are compared by content: a caller's new array of the same codes is no new search
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, api, (types ?? []).join(','), (exclude ?? []).join(',')]);

  if (value) {
    return (
      <div className="kc-picked" id={id}>
        <span data-testid={testId ? testId + '-selected' : undefined}>{domainLabel(value)}</span>{' '}
        <Button ref={changeRef} variant="link" isInline onClick={() => { changing.current = true; onChange(undefined); }} aria-label={t('picker.change', { label })}>
          {t('picker.changeShort')}
        </Button>
      </div>
    );
  }
  return (
    <div>
      <TextInput
        ref={inputRef}
        id={id}
        type="search"
        value={text}
        onChange={(_e, v) => setText(v)}
        data-testid={testId}
        placeholder={t('picker.placeholder')}
        aria-describedby={id + '-help'}
        autoComplete="off"
      />
      <HelperText id={id + '-help'}>
        <HelperTextItem>{t('picker.help')}</HelperTextItem>
      </HelperText>
      <ErrorAlert error={error} />
      <div aria-live="polite">
        {q.trim() && results.length === 0 && <p className="kc-muted">{t('picker.none')}</p>}
        {results.length > 0 && (
          <ul className="kc-pick-list" aria-label={t('picker.results')}>
            {results.map((d) => (
              <li key={d.id}>
                <Button variant="link" isInline onClick={() => { picked.current = true; onChange(d); }} data-testid={testId ? `${testId}-option-${d.identifier}` : undefined}>
                  {domainLabel(d)}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
