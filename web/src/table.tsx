import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from '@tanstack/react-table';
import { useEffect, useRef, useState } from 'react';

/**
 * A sortable, filterable table that is worked from the keyboard: j/k (or arrows) move the selection,
 * Enter opens the selected row, / focuses the filter.
 */
export function QueueTable<T>({
  label,
  rows,
  columns,
  onOpen,
}: {
  label: string;
  rows: T[];
  columns: Array<ColumnDef<T>>;
  onOpen: (row: T) => void;
}) {
  const [sorting, setSorting] = useState<SortingState>([]);
  const [filter, setFilter] = useState('');
  const [selected, setSelected] = useState(0);
  const filterRef = useRef<HTMLInputElement>(null);
  const table = useReactTable({
    data: rows,
    columns,
    state: { sorting, globalFilter: filter },
    onSortingChange: setSorting,
    onGlobalFilterChange: setFilter,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const visible = table.getRowModel().rows;
  const current = Math.min(selected, Math.max(visible.length - 1, 0));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target !== null && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.key === 'j' || event.key === 'ArrowDown')
        setSelected((s) => Math.min(s + 1, visible.length - 1));
      else if (event.key === 'k' || event.key === 'ArrowUp') setSelected((s) => Math.max(s - 1, 0));
      else if (event.key === 'Enter') {
        const row = visible[current];
        if (row !== undefined) onOpen(row.original);
      } else if (event.key === '/') {
        event.preventDefault();
        filterRef.current?.focus();
      } else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visible, current, onOpen]);

  return (
    <div>
      <label className="filter">
        Filter {label}
        <input ref={filterRef} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
      </label>
      <p className="muted">
        {visible.length} of {rows.length} · keys: j/k move, Enter opens, / filters
      </p>
      <table aria-label={label}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none'}
                  >
                    <button type="button" className="link" onClick={header.column.getToggleSortingHandler()}>
                      {flexRender(header.column.columnDef.header, header.getContext())}
                      {sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}
                    </button>
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {visible.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="muted">
                Nothing here.
              </td>
            </tr>
          )}
          {visible.map((row, i) => (
            <tr
              key={row.id}
              className={i === current ? 'selected' : undefined}
              aria-selected={i === current}
              onClick={() => {
                setSelected(i);
                onOpen(row.original);
              }}
            >
              {row.getVisibleCells().map((cell) => (
                <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
