import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, type Dashboard } from '../api.ts';
import { pivot } from '../chart-data.ts';
import { ErrorBox, Loading, Section } from '../ui.tsx';

const COLOURS: Record<string, string> = {
  approved: '#2e7d32',
  pending: '#f9a825',
  restricted: '#ef6c00',
  denied: '#c62828',
  closed: '#616161',
  open: '#1565c0',
  true_match: '#c62828',
  false_positive: '#2e7d32',
  foreign: '#5c6bc0',
  us_person: '#26a69a',
  unknown: '#9e9e9e',
};

function StackedBars({
  label,
  data,
  keys,
}: {
  label: string;
  data: Array<Record<string, string | number>>;
  keys: string[];
}) {
  if (data.length === 0) return <p className="muted">No data yet.</p>;
  return (
    <div role="img" aria-label={label} style={{ width: '100%', height: 260 }}>
      <ResponsiveContainer>
        <BarChart data={data}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="x" />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {keys.map((k) => (
            <Bar key={k} dataKey={k} stackId="a" fill={COLOURS[k] ?? '#5c6bc0'} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export function DashboardPage() {
  const stats = useQuery({ queryKey: ['dashboard'], queryFn: api.dashboard });
  if (stats.isPending) return <Loading what="the dashboard" />;
  if (stats.isError) return <ErrorBox error={stats.error} what="the dashboard" />;
  return <DashboardView stats={stats.data} />;
}

function DashboardView({ stats }: { stats: Dashboard }) {
  const perDay = pivot(
    stats.perDay,
    (r) => r.day.slice(5),
    (r) => r.outcome,
    (r) => r.count,
  );
  const byCountry = pivot(
    stats.byCountry,
    (r) => r.country ?? r.treatedAs,
    (r) => r.treatedAs,
    (r) => r.count,
  );
  const hits = pivot(
    stats.hitsByList,
    (r) => r.source,
    (r) => r.status,
    (r) => r.count,
  );
  const total = stats.byCountry.reduce((n, r) => n + r.count, 0);
  const foreign = stats.byCountry.filter((r) => r.treatedAs === 'foreign').reduce((n, r) => n + r.count, 0);
  return (
    <div>
      <h1>Dashboard</h1>
      <div className="figures">
        <Figure label="Unverified foreign accounts" value={stats.unverifiedForeignAccounts} />
        <Figure label="Pending accounts" value={stats.pendingAccounts} />
        <Figure label="Restricted accounts" value={stats.restrictedAccounts} />
        <Figure label="Foreign share" value={total === 0 ? '—' : `${Math.round((100 * foreign) / total)}%`} />
        <Figure
          label="Avg. hours to review decision"
          value={
            stats.averageHoursToReviewDecision === null ? '—' : stats.averageHoursToReviewDecision.toFixed(1)
          }
        />
      </div>
      <div className="columns">
        <Section title="Applications per day by outcome (30 days)">
          <StackedBars label="Applications per day by outcome" {...perDay} />
        </Section>
        <Section title="Customers by country of the deciding signal">
          <StackedBars label="Customers by country" {...byCountry} />
        </Section>
        <Section title="Screening hits per list">
          <StackedBars label="Screening hits per list by status" {...hits} />
        </Section>
      </div>
    </div>
  );
}

function Figure({ label, value }: { label: string; value: number | string }) {
  return (
    <div className="figure">
      <span className="value">{value}</span>
      <span className="label">{label}</span>
    </div>
  );
}
