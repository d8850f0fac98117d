import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useState, type FormEvent, type ReactElement } from 'react';
import {
  accessLogSearchParams,
  checkSearch,
  defaultWindowInputs,
  eventTime,
  type AccessSearch,
  type AccessSearchForm,
  type AccessSearchProblems,
} from '../access-log.ts';
import { api, type AccessEvent } from '../api.ts';
import { DataTable } from '../data-table.tsx';
import { can, useSession } from '../session.ts';
import { ErrorBox, Loading } from '../ui.tsx';

const COLUMNS: Array<ColumnDef<AccessEvent>> = [
  {
    id: 'at',
    header: 'Time (UTC)',
    accessorKey: 'at',
    cell: (c) => <span className="nowrap">{eventTime(c.row.original.at)}</span>,
  },
  { id: 'ip', header: 'Address', accessorKey: 'ip', cell: (c) => <code>{c.row.original.ip}</code> },
  {
    id: 'account',
    header: 'Account',
    accessorFn: (e) => e.externalId ?? e.account,
    cell: (c) => (
      <span title={c.row.original.account}>{c.row.original.externalId ?? c.row.original.account}</span>
    ),
  },
  { id: 'action', header: 'Action', accessorKey: 'action' },
  { id: 'principal', header: 'Principal', accessorFn: (e) => e.principal ?? '—' },
  { id: 'userAgent', header: 'User agent', accessorFn: (e) => e.userAgent ?? '—' },
  { id: 'region', header: 'Region', accessorFn: (e) => e.region ?? '—' },
];

/** Searches are audited one page at a time, so nothing here refetches by itself. */
const AUDITED_QUERY = { staleTime: Infinity, gcTime: 0, retry: false, refetchOnMount: false } as const;

export function AccessLogPage(): ReactElement {
  const session = useSession().data;
  // From the location, not useSearch: the route tree's type depends on this component (a cycle).
  const prefill = useRouterState({
    select: (state) => accessLogSearchParams(state.location.search as Record<string, unknown>),
  });
  const [submitted, setSubmitted] = useState<{ search: AccessSearch; n: number } | undefined>();
  const events = useInfiniteQuery({
    queryKey: ['access-events', submitted],
    queryFn: ({ pageParam }) => {
      if (submitted === undefined) throw new Error('no search');
      return api.accessEvents(submitted.search, pageParam);
    },
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next ?? undefined,
    enabled: submitted !== undefined,
    ...AUDITED_QUERY,
  });
  if (!can(session, 'access-log')) {
    return <p role="alert">Your role may not search the access log.</p>;
  }
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <div>
      <h1>Access log</h1>
      <SearchForm
        prefill={prefill}
        onSearch={(search) => setSubmitted((s) => ({ search, n: (s?.n ?? 0) + 1 }))}
      />
      {submitted !== undefined && events.isPending && <Loading what="access events" />}
      {events.isError && !events.isFetchNextPageError && (
        <ErrorBox error={events.error} what="access events" />
      )}
      {events.data !== undefined && (
        <section aria-label="Access events">
          <p className="muted" role="status">
            {rows.length} event(s){events.hasNextPage ? ' so far' : ''} · time order · each page is audited
            with your purpose
          </p>
          <DataTable
            label="Access events"
            rows={rows}
            columns={COLUMNS}
            empty={`No events for ${submitted?.search.value ?? ''} in this window.`}
          />
          {events.isFetchNextPageError && <ErrorBox error={events.error} what="more events" />}
          {events.hasNextPage && (
            <p>
              <button
                type="button"
                onClick={() => void events.fetchNextPage()}
                disabled={events.isFetchingNextPage}
              >
                {events.isFetchingNextPage ? 'Loading more…' : 'Load more'}
              </button>
            </p>
          )}
        </section>
      )}
    </div>
  );
}

function SearchForm({
  prefill,
  onSearch,
}: {
  prefill: { ip?: string; account?: string };
  onSearch: (search: AccessSearch) => void;
}) {
  const [form, setForm] = useState<AccessSearchForm>(() => ({
    by: prefill.account !== undefined ? 'account' : 'ip',
    value: prefill.account ?? prefill.ip ?? '',
    ...defaultWindowInputs(new Date()),
    purpose: '',
  }));
  const [problems, setProblems] = useState<AccessSearchProblems>({});
  const set = (field: keyof AccessSearchForm) => (value: string) =>
    setForm((f) => ({ ...f, [field]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkSearch(form);
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    onSearch(checked.search);
  };
  return (
    <form onSubmit={submit} role="search" aria-label="Search the access log" className="inline" noValidate>
      <Field label="Search by" problem={problems.by}>
        {(props) => (
          <select {...props} value={form.by} onChange={(e) => set('by')(e.target.value)}>
            <option value="ip">Address or CIDR block</option>
            <option value="account">Account</option>
          </select>
        )}
      </Field>
      <Field
        label={form.by === 'ip' ? 'Address or CIDR block' : 'Account id or external id'}
        problem={problems.value}
      >
        {(props) => (
          <input
            {...props}
            value={form.value}
            onChange={(e) => set('value')(e.target.value)}
            placeholder={form.by === 'ip' ? '203.0.113.0/24' : 'acct-1042'}
            autoFocus
            required
          />
        )}
      </Field>
      <Field label="From (UTC)" problem={problems.from}>
        {(props) => (
          <input
            {...props}
            type="datetime-local"
            value={form.from}
            onChange={(e) => set('from')(e.target.value)}
          />
        )}
      </Field>
      <Field label="To (UTC)" problem={problems.to}>
        {(props) => (
          <input
            {...props}
            type="datetime-local"
            value={form.to}
            onChange={(e) => set('to')(e.target.value)}
          />
        )}
      </Field>
      <Field label="Purpose of search" problem={problems.purpose}>
        {(props) => (
          <input
            {...props}
            value={form.purpose}
            onChange={(e) => set('purpose')(e.target.value)}
            placeholder="case or legal-process reference"
            required
          />
        )}
      </Field>
      <button type="submit">Search (audited)</button>
    </form>
  );
}

/** A labelled control with its problem, tied to it for screen readers (aria-invalid, aria-describedby). */
function Field({
  label,
  problem,
  children,
}: {
  label: string;
  problem: string | undefined;
  children: (props: { id: string; 'aria-invalid': boolean; 'aria-describedby'?: string }) => ReactElement;
}) {
  const id = `access-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  const problemId = `${id}-problem`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        'aria-invalid': problem !== undefined,
        ...(problem === undefined ? {} : { 'aria-describedby': problemId }),
      })}
      {problem !== undefined && (
        <span id={problemId} className="field-problem">
          {problem}
        </span>
      )}
    </div>
  );
}
