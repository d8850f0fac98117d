/** What `gatehouse measures` prints: a measure on one line, and the actions a sweep records. */
import { currentExpiry, measureStatus } from '../domain/special-measures/dates.ts';
import { describeMatch, type StoredMeasureMatch } from '../domain/special-measures/evaluate.ts';
import type { MeasureTarget, SpecialMeasure } from '../domain/special-measures/schema.ts';
import type { MeasureActionRecord } from '../storage/port.ts';

function describeTarget(target: MeasureTarget): string {
  if (target.type === 'person') return `person ${target.names.join(' / ')}`;
  const places = [...target.countries, ...target.regions].join(',');
  return target.attributes === undefined
    ? `jurisdiction ${places}`
    : `jurisdiction ${places} (${target.attributes.join(',')})`;
}

/** id, kind, state today, dates in force, target (and conditions), citation. */
export function describeMeasure(m: SpecialMeasure, now: Date): string {
  const conditions = m.conditions.length === 0 ? '' : ` [${m.conditions.map((c) => c.type).join(', ')}]`;
  return (
    `${m.id}  ${m.kind.padEnd(9)}  ${measureStatus(m, now).padEnd(9)}  ${m.effectiveDate}..${currentExpiry(m)}  ` +
    `${describeTarget(m.target)}${conditions}  ${m.citation}`
  );
}

/** The fields of an action as the HTTP API shows them (`GET /v1/special-measures/{id}/actions`). */
export function presentAction(a: MeasureActionRecord) {
  return {
    accountId: a.accountId,
    action: a.action,
    dueBy: a.dueBy,
    matchedOn: a.matchedOn as StoredMeasureMatch[],
    status: a.status,
    foundAt: a.createdAt.toISOString(),
  };
}

export function describeAction(a: MeasureActionRecord): string {
  const on = presentAction(a).matchedOn.map(describeMatch).join(', ');
  return `${a.accountId}  ${a.action.padEnd(16)}  due by ${a.dueBy}  ${a.status.padEnd(4)}  matched on ${on}`;
}
