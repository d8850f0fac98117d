import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api } from '../api.ts';
import { ErrorBox, formatTime, Loading, partyName } from '../ui.tsx';

export function SearchPage() {
  const [text, setText] = useState('');
  const [submitted, setSubmitted] = useState('');
  const results = useQuery({
    queryKey: ['search', submitted],
    queryFn: () => api.searchParties(submitted),
    enabled: submitted.length >= 3,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(text.trim());
  };
  return (
    <div>
      <h1>Search parties</h1>
      <form onSubmit={submit} role="search" className="inline">
        <label>
          Name, email, phone, ID number or party id
          <input
            type="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            minLength={3}
            required
            autoFocus
          />
        </label>
        <button type="submit">Search</button>
      </form>
      {submitted.length >= 3 && results.isPending && <Loading what="results" />}
      {results.isError && <ErrorBox error={results.error} what="results" />}
      {results.data !== undefined && (
        <>
          <p className="muted">
            {results.data.items.length} result(s){results.data.masked ? ' · personal data masked' : ''} ·
            searches are audited
          </p>
          <table aria-label="Search results">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Party</th>
                <th>Created</th>
                <th>Case</th>
              </tr>
            </thead>
            <tbody>
              {results.data.items.map((item) => {
                const applicationId = item.latestApplicationId;
                return (
                  <tr key={item.partyId}>
                    <td>{partyName(item.data)}</td>
                    <td>{item.type}</td>
                    <td>
                      <code>{item.partyId}</code>
                    </td>
                    <td>{formatTime(item.createdAt)}</td>
                    <td>
                      {applicationId === null ? (
                        '—'
                      ) : (
                        <Link to="/applications/$id" params={{ id: applicationId }}>
                          open case
                        </Link>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
