/** Application bodies shared by several suites (fictional people; RFC 2606 domains). */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { bearer, type TestApp } from './app.ts';
import { td3 } from './mrz.ts';

/** A Swede with a passport whose MRZ verifies: one more method (a possession check) completes her. */
export function anna(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const mrz = td3({
    issuingState: 'SWE',
    surname: 'Eriksson',
    givenNames: 'Anna Maria',
    number: 'AA1234567',
    nationality: 'SWE',
    birthDate: '740812',
    sex: 'F',
    expiryDate: '310101',
  });
  return {
    type: 'individual',
    name: { full: 'Anna Maria Eriksson', given: 'Anna Maria', family: 'Eriksson' },
    dateOfBirth: '1974-08-12',
    citizenship: ['SE'],
    address: { line1: 'Storgatan 1', city: 'Stockholm', country: 'SE' },
    documents: [{ type: 'passport', country: 'SE', number: 'AA1234567', expiresOn: '2031-01-01', mrz }],
    emails: ['anna@example.se'],
    phones: ['+46701234567'],
    paymentInstruments: [{ type: 'invoice', billingCountry: 'SE', source: 'company funds' }],
    signup: { ip: '81.2.69.142' },
    account: { externalId: `acct-${randomUUID()}` },
    ...overrides,
  };
}

/** Submits anna() and returns the application id; she is pending (one more verification method needed). */
export async function submitPendingAnna(t: TestApp): Promise<string> {
  const response = await t.app.inject({
    method: 'POST',
    url: '/v1/applications',
    headers: bearer(t.adminKey),
    payload: anna(),
  });
  const body = response.json<{ id: string; decision: { status: string } }>();
  assert.equal(body.decision.status, 'pending', response.body);
  return body.id;
}
