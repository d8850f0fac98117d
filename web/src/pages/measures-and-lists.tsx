import { useQuery } from '@tanstack/react-query';
import { api } from '../api.ts';
import { DataList, ErrorBox, formatTime, Loading, text } from '../ui.tsx';

export function MeasuresPage() {
  const measures = useQuery({ queryKey: ['measures'], queryFn: api.measures });
  return (
    <div>
      <h1>Special measures</h1>
      {measures.isPending && <Loading what="special measures" />}
      {measures.isError && <ErrorBox error={measures.error} what="special measures" />}
      {measures.data?.items.length === 0 && <p className="muted">No special measures.</p>}
      {measures.data?.items.map((m) => (
        <details key={m.id} className="card">
          <summary>
            {m.id} · effective {text(m.effectiveDate)} · expires {text(m.expiryDate)}
          </summary>
          <DataList value={m} />
        </details>
      ))}
    </div>
  );
}

export function ListsPage() {
  const lists = useQuery({ queryKey: ['lists'], queryFn: api.lists });
  return (
    <div>
      <h1>Sanctions lists</h1>
      {lists.isPending && <Loading what="lists" />}
      {lists.isError && <ErrorBox error={lists.error} what="lists" />}
      {lists.data !== undefined && (
        <table aria-label="Active list versions">
          <thead>
            <tr>
              <th>List</th>
              <th>Entries</th>
              <th>Published</th>
              <th>Imported</th>
              <th>Age (days)</th>
              <th>Change (+/~/−)</th>
            </tr>
          </thead>
          <tbody>
            {lists.data.items.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  No list imported yet (gatehouse lists import).
                </td>
              </tr>
            )}
            {lists.data.items.map((v) => (
              <tr key={v.id} className={v.ageDays > 7 ? 'stale' : undefined}>
                <td>{v.source}</td>
                <td>{v.entryCount}</td>
                <td>{v.publishedAt === null ? '—' : formatTime(v.publishedAt)}</td>
                <td>{formatTime(v.importedAt)}</td>
                <td>{v.ageDays}</td>
                <td>
                  +{v.delta.added} / ~{v.delta.changed} / −{v.delta.removed}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
