import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouterState } from '@tanstack/react-router';
import { useState, type FormEvent, type ReactElement } from 'react';
import { api, type Application, type DecisionResult, type Party } from '../api.ts';
import { can, useSession } from '../session.ts';
import { DataList, ErrorBox, formatTime, Loading, partyName, Section } from '../ui.tsx';
import { AccessLogSummarySection } from './case-access-log.tsx';
import { HitsSection } from './case-hits.tsx';

export function CasePage(): ReactElement {
  // From the location, not useParams: the route tree's type depends on this component (a cycle).
  const id = useRouterState({ select: (state) => state.location.pathname.split('/')[2] ?? '' });
  const application = useQuery({ queryKey: ['application', id], queryFn: () => api.application(id) });
  if (application.isPending) return <Loading what="the application" />;
  if (application.isError) return <ErrorBox error={application.error} what="the application" />;
  return <CaseView application={application.data} />;
}

function CaseView({ application: a }: { application: Application }) {
  const session = useSession().data;
  const [revealed, setRevealed] = useState<Party | undefined>();
  // A new round of decisions once a proposal is withdrawn or declined: the decision form starts afresh.
  const [round, setRound] = useState(0);
  const [closedProposal, setClosedProposal] = useState<string | undefined>();
  const party = useQuery({ queryKey: ['party', a.partyId], queryFn: () => api.party(a.partyId) });
  const checks = useQuery({ queryKey: ['verifications', a.id], queryFn: () => api.verifications(a.id) });
  const queue = useQuery({ queryKey: ['review-queue'], queryFn: api.reviewQueue });
  const shown = revealed ?? party.data;
  const queueItem = queue.data?.items.find((i) => i.applicationId === a.id);
  const awaiting = queueItem?.awaitingSecondApproval === true;
  const documents = (shown?.current.documents ?? []) as Array<Record<string, unknown>>;
  return (
    <div className="case">
      <h1>
        {shown === undefined ? 'Application' : partyName(shown.current)}{' '}
        <span className={`badge ${a.account.status}`}>{a.account.status}</span>{' '}
        <span className="badge">{a.determination.treatedAs}</span>
      </h1>
      {can(session, 'decide') && (
        <AssignButton applicationId={a.id} assignedTo={queueItem?.assignedTo?.name} />
      )}
      {awaiting && (
        <p role="status" className="banner">
          Awaiting second approval
        </p>
      )}
      {awaiting && can(session, 'decide') && (
        <WithdrawProposalForm
          applicationId={a.id}
          onClosed={(outcome) => {
            setClosedProposal(outcome);
            setRound((r) => r + 1);
          }}
        />
      )}
      {closedProposal !== undefined && !awaiting && <p role="status">Proposal {closedProposal}</p>}
      <div className="columns">
        <div>
          <Section title="Identity data">
            {party.isPending && <Loading what="identity data" />}
            {party.isError && <ErrorBox error={party.error} what="identity data" />}
            {shown !== undefined && (
              <>
                {shown.masked && (
                  <RevealForm partyId={a.partyId} allowed={can(session, 'reveal')} onRevealed={setRevealed} />
                )}
                <DataList value={shown.current} />
              </>
            )}
            {a.warnings.length > 0 && (
              <ul aria-label="Warnings" className="warnings">
                {a.warnings.map((w) => (
                  <li key={`${w.path}:${w.code}`}>
                    ⚠ {w.path}: {w.message}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Documents and MRZ">
            {documents.length === 0 ? (
              <p className="muted">No documents.</p>
            ) : (
              <ul>
                {documents.map((d, i) => (
                  <li key={i}>
                    {String(d.type)} ({String(d.country)}): MRZ{' '}
                    {d.mrzVerified === true ? 'verified ✓' : 'not verified'}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          <Section title="Verification checks">
            {checks.isPending && <Loading what="checks" />}
            {checks.isError && <ErrorBox error={checks.error} what="checks" />}
            {checks.data?.items.length === 0 && <p className="muted">No checks.</p>}
            <ul>
              {checks.data?.items.map((c) => (
                <li key={c.id}>
                  <strong>{c.method}</strong>: {c.status} <DataList value={c.evidence} />
                </li>
              ))}
            </ul>
          </Section>
          <Section title="Owners and signatories">
            {shown === undefined || shown.links.length === 0 ? (
              <p className="muted">None.</p>
            ) : (
              <ul>
                {shown.links.map((l) => (
                  <li key={l.personPartyId}>
                    {l.role} {l.personPartyId} {l.ownershipPercent === null ? '' : `${l.ownershipPercent}%`}{' '}
                    {l.control ? '(control)' : ''}
                    {l.endedAt === null ? '' : ` (former, until ${formatTime(l.endedAt)})`}
                  </li>
                ))}
              </ul>
            )}
          </Section>
          {can(session, 'access-log') && (
            <AccessLogSummarySection accountId={a.accountId} externalId={a.account.externalId} />
          )}
        </div>
        <div>
          <DecisionForm key={round} application={a} allowed={can(session, 'decide')} />
          <HitsSection partyId={a.partyId} customer={shown} allowed={can(session, 'review-hits')} />
          <Section title="Foreign-person determination">
            <p>
              <strong>{a.determination.status}</strong> ({a.determination.rule}):{' '}
              {a.determination.explanation}
            </p>
            <table aria-label="Determination signals">
              <thead>
                <tr>
                  <th>Signal</th>
                  <th>Value</th>
                  <th>Points</th>
                  <th>Role</th>
                  <th>Weight</th>
                  <th>Reason</th>
                </tr>
              </thead>
              <tbody>
                {a.determination.signals.map((s, i) => (
                  <tr key={i}>
                    <td>{s.kind}</td>
                    <td>{s.value ?? '—'}</td>
                    <td>{s.points}</td>
                    <td>{s.role}</td>
                    <td>{s.weight}</td>
                    <td>{s.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Section>
          <Section title="Special measures">
            {a.measureHits.length === 0 ? (
              <p className="muted">None applies.</p>
            ) : (
              <table aria-label="Special measures that apply">
                <thead>
                  <tr>
                    <th>Measure</th>
                    <th>Action</th>
                    <th>Matched on</th>
                    <th>Conditions</th>
                  </tr>
                </thead>
                <tbody>
                  {a.measureHits.map((h) => (
                    <tr key={h.measureId}>
                      <td>
                        {h.measureId} ({h.citation}, {h.status})
                      </td>
                      <td>{h.action}</td>
                      <td>
                        {h.matchedOn
                          .map(
                            (m) =>
                              `${m.subject === undefined ? '' : `${m.subject} `}${m.attribute} ${m.value}`,
                          )
                          .join(', ')}
                      </td>
                      <td>{h.conditions.map((c) => String(c.type)).join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          <Section title="Decision history">
            <ol className="plain" aria-label="Decisions">
              {a.decisions.map((d) => (
                <li key={d.id}>
                  <strong>{d.status}</strong> · rule {d.rule} · profile {d.profile.id} v{d.profile.version} ·
                  by {d.actor.type}:{d.actor.id} · {formatTime(d.decidedAt)}
                  <ul>
                    {d.reasons.map((r) => (
                      <li key={r.code + r.message}>
                        {r.code}: {r.message}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          </Section>
          {can(session, 'audit') && <AuditTrail ids={[a.id, a.partyId, a.accountId]} />}
        </div>
      </div>
    </div>
  );
}

function RevealForm({
  partyId,
  allowed,
  onRevealed,
}: {
  partyId: string;
  allowed: boolean;
  onRevealed: (p: Party) => void;
}) {
  const [purpose, setPurpose] = useState('');
  const queryClient = useQueryClient();
  const reveal = useMutation({
    mutationFn: () => api.revealParty(partyId, purpose),
    onSuccess: async (party) => {
      onRevealed(party);
      await queryClient.invalidateQueries({ queryKey: ['audit'] });
    },
  });
  if (!allowed) return <p className="muted">Personal data is masked for your role.</p>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reveal.mutate();
  };
  return (
    <form onSubmit={submit} className="inline" aria-label="Reveal personal data">
      <label>
        Purpose of reveal
        <input value={purpose} onChange={(e) => setPurpose(e.target.value)} required minLength={3} />
      </label>
      <button type="submit" disabled={reveal.isPending}>
        Reveal (audited)
      </button>
      {reveal.isError && <ErrorBox error={reveal.error} what="the personal data" />}
    </form>
  );
}

function DecisionForm({ application, allowed }: { application: Application; allowed: boolean }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('approved');
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<DecisionResult | undefined>();
  const decide = useMutation({
    mutationFn: () => api.decide(application.id, status, reason),
    onSuccess: async (r) => {
      setResult(r);
      await queryClient.invalidateQueries({ queryKey: ['application', application.id] });
      await queryClient.invalidateQueries({ queryKey: ['review-queue'] });
    },
  });
  if (!allowed) return null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    decide.mutate();
  };
  return (
    <Section title="Decide">
      <form onSubmit={submit} aria-label="Decide on the application">
        <label htmlFor="decision-status">Decision</label>
        <select id="decision-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="approved">Approve</option>
          <option value="denied">Deny</option>
          <option value="restricted">Restrict / request more information</option>
          <option value="closed">Close</option>
        </select>
        <label>
          Reason
          <textarea value={reason} onChange={(e) => setReason(e.target.value)} required rows={2} />
        </label>
        <button type="submit" disabled={decide.isPending}>
          Submit decision
        </button>
      </form>
      {decide.isError && <ErrorBox error={decide.error} what="the decision" />}
      {result?.state === 'awaiting_second_approval' && (
        <p role="status" className="banner">
          Awaiting second approval: {result.proposal.status} proposed by {result.proposal.proposedBy}
        </p>
      )}
      {result?.state === 'decided' && (
        <p role="status" className="ok">
          Decided: {result.decision.status}
        </p>
      )}
    </Section>
  );
}

/** Ends the proposal awaiting a second reviewer: its proposer withdraws it, another reviewer declines it. */
function WithdrawProposalForm({
  applicationId,
  onClosed,
}: {
  applicationId: string;
  onClosed: (outcome: 'withdrawn' | 'declined') => void;
}) {
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () => api.withdrawProposal(applicationId, reason),
    onSuccess: async (closed) => {
      setReason('');
      onClosed(closed.outcome);
      await queryClient.invalidateQueries({ queryKey: ['review-queue'] });
      await queryClient.invalidateQueries({ queryKey: ['application', applicationId] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    close.mutate();
  };
  return (
    <form onSubmit={submit} aria-label="Withdraw or decline the proposal" className="inline">
      <label>
        Why withdraw or decline
        <input value={reason} onChange={(e) => setReason(e.target.value)} required />
      </label>
      <button type="submit" disabled={close.isPending}>
        Withdraw or decline the proposal
      </button>
      {close.isError && <ErrorBox error={close.error} what="the proposal" />}
    </form>
  );
}

function AuditTrail({ ids }: { ids: string[] }) {
  const events = useQuery({ queryKey: ['audit'], queryFn: api.auditEvents });
  return (
    <Section title="Audit trail">
      {events.isPending && <Loading what="the audit trail" />}
      {events.isError && <ErrorBox error={events.error} what="the audit trail" />}
      <ol className="plain">
        {events.data?.items
          .filter((e) => ids.includes(e.target.id))
          .map((e) => (
            <li key={e.id}>
              {formatTime(e.occurredAt)} · {e.action} · {e.actor.type}:{e.actor.id}
            </li>
          ))}
      </ol>
    </Section>
  );
}

function AssignButton({
  applicationId,
  assignedTo,
}: {
  applicationId: string;
  assignedTo: string | undefined;
}) {
  const queryClient = useQueryClient();
  const assign = useMutation({
    mutationFn: () => api.assignToMe(applicationId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['review-queue'] }),
  });
  return (
    <p className="inline">
      {assignedTo === undefined ? 'Unassigned' : `Assigned to ${assignedTo}`}{' '}
      <button type="button" onClick={() => assign.mutate()} disabled={assign.isPending}>
        Assign to me
      </button>
      {assign.isError && <ErrorBox error={assign.error} what="the assignment" />}
    </p>
  );
}
