import type { ReactNode } from 'react';
import { ApiError } from './api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="muted">
      Loading {what}…
    </p>
  );
}

/** A failed request says what failed and why; the rest of the screen keeps working. */
export function ErrorBox({ error, what }: { error: unknown; what: string }) {
  const detail =
    error instanceof ApiError
      ? error.code === 'FORBIDDEN'
        ? 'Your role may not see this.'
        : `${error.message} (${error.code})`
      : error instanceof Error
        ? error.message
        : 'Unknown error';
  return (
    <div role="alert" className="error">
      Could not load {what}: {detail}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="card" aria-label={title}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** Key/value lines of any JSON value, for identity data whose shape depends on the customer type. */
export function DataList({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value !== 'object') return <span>{text(value)}</span>;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    if (items.length === 0) return <span className="muted">none</span>;
    return (
      <ol className="plain">
        {items.map((item, i) => (
          <li key={i}>
            <DataList value={item} />
          </li>
        ))}
      </ol>
    );
  }
  return (
    <dl className="data">
      {Object.entries(value as Record<string, unknown>).map(([key, item]) => (
        <div key={key}>
          <dt>{key}</dt>
          <dd>
            <DataList value={item} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export function partyName(data: Record<string, unknown>): string {
  const name = data.name as { full?: string } | undefined;
  if (typeof name?.full === 'string') return name.full;
  if (typeof data.legalName === 'string') return data.legalName;
  return '(no name)';
}

export function formatTime(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').slice(0, 16);
}

/** A JSON value as text: strings as they are, anything else as JSON (never "[object Object]"). */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
