import { useQueries, useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import type { ColumnDef } from '@tanstack/react-table';
import { useCallback, useState } from 'react';
import { api, type Hit, type MeasureAction, type QueueItem } from '../api.ts';
import { QueueTable } from '../table.tsx';
import { ErrorBox, formatTime, Loading, partyName } from '../ui.tsx';

type Tab = 'applications' | 'hits' | 'measures' | 'redress' | 'reverifications';

const applicationColumns: Array<ColumnDef<QueueItem>> = [
  { header: 'Customer', accessorFn: (r) => partyName(r.partyData) },
  { header: 'Status', accessorKey: 'accountStatus' },
  { header: 'Treated as', accessorFn: (r) => r.treatedAs ?? '' },
  { header: 'Rule', accessorFn: (r) => r.rule ?? '' },
  { header: 'Open hits', accessorKey: 'openHits' },
  { header: 'Four eyes', accessorFn: (r) => (r.awaitingSecondApproval ? 'awaiting second approval' : '') },
  { header: 'Assigned', accessorFn: (r) => r.assignedTo?.name ?? '' },
  { header: 'Submitted', accessorFn: (r) => formatTime(r.createdAt) },
];

const hitColumns: Array<ColumnDef<Hit>> = [
  { header: 'Matched name', accessorKey: 'matchedName' },
  { header: 'List', accessorKey: 'source' },
  { header: 'Score', accessorFn: (r) => r.score.toFixed(2) },
  { header: 'Band', accessorKey: 'band' },
  { header: 'Found', accessorFn: (r) => formatTime(r.createdAt) },
];

type ActionRow = MeasureAction & { measureId: string };

const actionColumns: Array<ColumnDef<ActionRow>> = [
  { header: 'Due by', accessorKey: 'dueBy' },
  { header: 'Action', accessorKey: 'action' },
  { header: 'Account', accessorKey: 'accountId' },
  { header: 'Measure', accessorKey: 'measureId' },
  { header: 'Found', accessorFn: (r) => formatTime(r.foundAt) },
];

/** The open actions of every special measure, soonest deadline first. */
function useMeasureActions(): { rows: ActionRow[] | undefined; error: unknown } {
  const measures = useQuery({ queryKey: ['measures'], queryFn: api.measures });
  const ids = measures.data?.items.map((m) => m.id) ?? [];
  const actions = useQueries({
    queries: ids.map((id) => ({ queryKey: ['measure-actions', id], queryFn: () => api.measureActions(id) })),
  });
  const error = measures.error ?? actions.find((a) => a.error !== null)?.error ?? null;
  if (measures.data === undefined || actions.some((a) => a.data === undefined))
    return { rows: undefined, error };
  const rows = actions
    .flatMap((a, i) => (a.data?.items ?? []).map((item) => ({ ...item, measureId: ids[i] ?? '' })))
    .filter((a) => a.status === 'open')
    .sort((x, y) => x.dueBy.localeCompare(y.dueBy));
  return { rows, error };
}

export function QueuesPage() {
  const navigate = useNavigate();
  const [tab, setTab] = useState<Tab>('applications');
  const queue = useQuery({ queryKey: ['review-queue'], queryFn: api.reviewQueue });
  const hits = useQuery({ queryKey: ['hits', 'open'], queryFn: () => api.hits('open') });
  const actions = useMeasureActions();
  const redress = useQuery({ queryKey: ['redress'], queryFn: api.redress });
  const reverifications = useQuery({ queryKey: ['reverifications'], queryFn: api.reverifications });

  const openApplication = useCallback(
    (item: QueueItem) => void navigate({ to: '/applications/$id', params: { id: item.applicationId } }),
    [navigate],
  );
  const openAction = useCallback(
    (action: ActionRow) => {
      const item = queue.data?.items.find((i) => i.accountId === action.accountId);
      if (item !== undefined) openApplication(item);
    },
    [queue.data, openApplication],
  );
  const openHit = useCallback(
    (hit: Hit) => {
      const item = queue.data?.items.find((i) => i.partyId === hit.partyId);
      if (item !== undefined) openApplication(item);
    },
    [queue.data, openApplication],
  );

  const count = (n: number | undefined) => (n === undefined ? '…' : String(n));
  const tabs: Array<[Tab, string, number | undefined]> = [
    ['applications', 'Applications pending review', queue.data?.items.length],
    ['hits', 'Screening hits open', hits.data?.items.length],
    ['measures', 'Special-measure actions due', actions.rows?.length],
    ['redress', 'Redress open', redress.data?.items.length],
    ['reverifications', 'Re-verifications due', reverifications.data?.items.length],
  ];
  return (
    <div>
      <h1>Queues</h1>
      <div role="tablist" aria-label="Queues" className="tabs">
        {tabs.map(([id, label, n]) => (
          <button key={id} role="tab" type="button" aria-selected={tab === id} onClick={() => setTab(id)}>
            {label} <span className="count">{count(n)}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel">
        {tab === 'applications' &&
          (queue.isPending ? (
            <Loading what="the review queue" />
          ) : queue.isError ? (
            <ErrorBox error={queue.error} what="the review queue" />
          ) : (
            <QueueTable
              label="applications pending review"
              rows={queue.data.items}
              columns={applicationColumns}
              onOpen={openApplication}
            />
          ))}
        {tab === 'hits' &&
          (hits.isPending ? (
            <Loading what="screening hits" />
          ) : hits.isError ? (
            <ErrorBox error={hits.error} what="screening hits" />
          ) : (
            <QueueTable
              label="open screening hits"
              rows={hits.data.items}
              columns={hitColumns}
              onOpen={openHit}
            />
          ))}
        {tab === 'measures' &&
          (actions.error !== null ? (
            <ErrorBox error={actions.error} what="special-measure actions" />
          ) : actions.rows === undefined ? (
            <Loading what="special-measure actions" />
          ) : (
            <QueueTable
              label="special-measure actions due"
              rows={actions.rows}
              columns={actionColumns}
              onOpen={openAction}
            />
          ))}
        {tab === 'redress' && (
          <SimpleList
            query={redress}
            what="redress requests"
            render={(r) => `${r.id} · application ${r.applicationId} · ${formatTime(r.createdAt)}`}
          />
        )}
        {tab === 'reverifications' && (
          <SimpleList
            query={reverifications}
            what="re-verifications"
            render={(r) => `account ${r.accountId} · due ${formatTime(r.dueAt)}`}
          />
        )}
      </div>
    </div>
  );
}

function SimpleList<T extends { id: string }>({
  query,
  what,
  render,
}: {
  query: { isPending: boolean; isError: boolean; error: unknown; data: { items: T[] } | undefined };
  what: string;
  render: (item: T) => string;
}) {
  if (query.isPending) return <Loading what={what} />;
  if (query.isError || query.data === undefined) return <ErrorBox error={query.error} what={what} />;
  if (query.data.items.length === 0) return <p className="muted">No {what}.</p>;
  return (
    <ul aria-label={what}>
      {query.data.items.map((item) => (
        <li key={item.id}>{render(item)}</li>
      ))}
    </ul>
  );
}
