/**
 * The events Gatehouse emits to a tenant's webhooks. Payloads carry ids, statuses, rules and reasons,
 * never personal data: a receiver that needs the customer's data reads it through the API, where the
 * read is authorised and audited.
 */
export const EVENT_TYPES = [
  'decision.made',
  'decision.awaiting_second_approval',
  'decision.proposal_withdrawn',
  'verification.completed',
  'measure.action_due',
  'redress.submitted',
  'reverification.due',
  'screening.hit',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** An endpoint with no types listed receives every event. */
export function endpointWants(eventTypes: readonly string[], type: EventType): boolean {
  return eventTypes.length === 0 || eventTypes.includes(type);
}
