import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, type Hit, type Party } from '../api.ts';
import { ErrorBox, Loading, partyName, Section, text } from '../ui.tsx';

/** Screening hits of the party: the list entry side by side with the customer, and the score explained. */
export function HitsSection({
  partyId,
  customer,
  allowed,
}: {
  partyId: string;
  customer: Party | undefined;
  allowed: boolean;
}) {
  const hits = useQuery({ queryKey: ['hits', 'open'], queryFn: () => api.hits('open') });
  const mine = hits.data?.items.filter((h) => h.partyId === partyId) ?? [];
  return (
    <Section title="Screening hits">
      {hits.isPending && <Loading what="screening hits" />}
      {hits.isError && <ErrorBox error={hits.error} what="screening hits" />}
      {hits.data !== undefined && mine.length === 0 && <p className="muted">No open hits.</p>}
      {mine.map((hit) => (
        <HitCard key={hit.id} hit={hit} customer={customer} allowed={allowed} />
      ))}
    </Section>
  );
}

function HitCard({ hit, customer, allowed }: { hit: Hit; customer: Party | undefined; allowed: boolean }) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const review = useMutation({
    mutationFn: (outcome: 'true_match' | 'false_positive') => api.reviewHit(hit.id, outcome, reason),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['hits'] });
      await queryClient.invalidateQueries({ queryKey: ['review-queue'] });
    },
  });
  const submit = (outcome: 'true_match' | 'false_positive') => (event: FormEvent) => {
    event.preventDefault();
    review.mutate(outcome);
  };
  const current = customer?.current ?? {};
  return (
    <article className="hit" aria-label={`Hit ${hit.matchedName}`}>
      <div className="side-by-side">
        <div>
          <h3>Customer</h3>
          <p>{partyName(current)}</p>
          <p className="muted">
            born {text(current.dateOfBirth)} · citizenship {text(current.citizenship ?? [])}
          </p>
        </div>
        <div>
          <h3>
            List entry ({hit.source} {hit.entryId})
          </h3>
          <p>{hit.matchedName}</p>
          <p className="muted">
            score {hit.score.toFixed(2)} · band {hit.band}
          </p>
        </div>
      </div>
      <table aria-label="Name alignment">
        <thead>
          <tr>
            <th>Customer word</th>
            <th>List word</th>
            <th>How</th>
          </tr>
        </thead>
        <tbody>
          {(hit.explanation.tokens ?? []).map((t, i) => (
            <tr key={i}>
              <td>{t.query ?? '—'}</td>
              <td>{t.candidate ?? '—'}</td>
              <td>{t.kind}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul aria-label="Score features">
        {(hit.explanation.features ?? []).map((f, i) => (
          <li key={i}>
            {f.detail} ({f.delta >= 0 ? '+' : ''}
            {f.delta.toFixed(2)})
          </li>
        ))}
      </ul>
      {hit.explanation.summary !== undefined && <p className="muted">{hit.explanation.summary}</p>}
      {allowed && (
        <form onSubmit={submit('false_positive')} aria-label="Review hit">
          <label>
            Review reason
            <input value={reason} onChange={(e) => setReason(e.target.value)} required />
          </label>
          <button type="submit" disabled={review.isPending}>
            False positive
          </button>
          <button
            type="button"
            disabled={review.isPending || reason.trim() === ''}
            onClick={() => review.mutate('true_match')}
          >
            True match
          </button>
        </form>
      )}
      {review.isError && <ErrorBox error={review.error} what="the hit review" />}
    </article>
  );
}
