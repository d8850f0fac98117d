import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useState, type FormEvent } from 'react';
import { asnLabel, MAX_WINDOW_DAYS, purposeProblem, summaryWindow } from '../access-log.ts';
import { api, type AccessIpSummary } from '../api.ts';
import { DataTable } from '../data-table.tsx';
import { ErrorBox, formatTime, Loading, Section } from '../ui.tsx';

const COLUMNS: Array<ColumnDef<AccessIpSummary>> = [
  {
    id: 'ip',
    header: 'Address',
    accessorKey: 'ip',
    cell: (c) => (
      <Link to="/access-log" search={{ ip: c.row.original.ip }} title="Search the access log by this address">
        <code>{c.row.original.ip}</code>
      </Link>
    ),
  },
  { id: 'country', header: 'Country', accessorFn: (s) => s.country ?? '—' },
  { id: 'asn', header: 'ASN', accessorFn: (s) => asnLabel(s.asn, s.asOrg) },
  {
    id: 'firstSeen',
    header: 'First seen (UTC)',
    accessorKey: 'firstSeen',
    cell: (c) => <span className="nowrap">{formatTime(c.row.original.firstSeen)}</span>,
  },
  {
    id: 'lastSeen',
    header: 'Last seen (UTC)',
    accessorKey: 'lastSeen',
    cell: (c) => <span className="nowrap">{formatTime(c.row.original.lastSeen)}</span>,
  },
  { id: 'count', header: 'Events', accessorKey: 'count' },
];

/**
 * The distinct addresses an account used, with country and ASN. Reading them is an access-log
 * search: it asks for a purpose, which the server audits (`access_events.summarised`).
 */
export function AccessLogSummarySection({
  accountId,
  externalId,
}: {
  accountId: string;
  externalId: string | null;
}) {
  const [purpose, setPurpose] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [asked, setAsked] = useState<{ purpose: string; window: { from: string; to: string } }>();
  const summary = useQuery({
    queryKey: ['access-ip-summary', accountId, asked],
    queryFn: () => {
      if (asked === undefined) throw new Error('no purpose');
      return api.accessIpSummary(accountId, asked.window, asked.purpose);
    },
    enabled: asked !== undefined,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = purposeProblem(purpose);
    setProblem(found);
    if (found === undefined) setAsked({ purpose: purpose.trim(), window: summaryWindow(new Date()) });
  };
  return (
    <Section title="Access log">
      <p className="muted">
        Addresses account <code>{externalId ?? accountId}</code> used in the last {MAX_WINDOW_DAYS} days ·{' '}
        <Link to="/access-log" search={{ account: accountId }}>
          search its events
        </Link>
      </p>
      <form onSubmit={submit} className="inline" aria-label="Summarise the access log" noValidate>
        <div className="field">
          <label htmlFor="access-summary-purpose">Purpose of access-log summary</label>
          <input
            id="access-summary-purpose"
            value={purpose}
            onChange={(e) => setPurpose(e.target.value)}
            required
            aria-invalid={problem !== undefined}
            {...(problem === undefined ? {} : { 'aria-describedby': 'access-summary-problem' })}
          />
          {problem !== undefined && (
            <span id="access-summary-problem" className="field-problem">
              {problem}
            </span>
          )}
        </div>
        <button type="submit" disabled={summary.isFetching}>
          Show addresses (audited)
        </button>
      </form>
      {summary.isFetching && <Loading what="the addresses" />}
      {summary.isError && <ErrorBox error={summary.error} what="the addresses" />}
      {summary.data !== undefined && (
        <DataTable
          label="Addresses used by the account"
          rows={summary.data.items}
          columns={COLUMNS}
          empty={`No access events in the last ${MAX_WINDOW_DAYS} days.`}
        />
      )}
    </Section>
  );
}
