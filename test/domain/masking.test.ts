import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskIdentifiersInText, maskPersonalData } from '../../src/domain/access/masking.ts';

describe('masking personal data', () => {
  it('masks names, numbers and contacts but keeps country codes, types and flags', () => {
    const masked = maskPersonalData({
      name: { full: 'Anna Eriksson' },
      dateOfBirth: '1974-08-12',
      citizenship: ['SE'],
      emails: [{ address: 'anna@example.se', domain: 'example.se', disposable: false }],
      phones: [{ e164: '+46701234567', country: 'SE', type: 'mobile' }],
      payments: [{ type: 'card', card: { last4: '1111', fingerprint: 'abc' } }],
      shares: 25,
    });
    assert.deepEqual(masked, {
      name: { full: 'A•••' },
      dateOfBirth: '1•••',
      citizenship: ['SE'],
      emails: [{ address: 'a•••', domain: 'e•••', disposable: false }],
      phones: [{ e164: '+•••', country: 'SE', type: 'mobile' }],
      payments: [{ type: 'card', card: { last4: '1111', fingerprint: 'a•••' } }],
      shares: null,
    });
  });

  it('masks addresses, emails and phone numbers inside text, not times or scores', () => {
    assert.equal(
      maskIdentifiersInText(
        'signup IP 81.2.69.142 (2001:db8::1) at 18:12:07, score 0.93, mail a@b.se, +46 70 123 45 67',
      ),
      'signup IP ••• (•••) at 18:12:07, score 0.93, mail •••, •••',
    );
  });
});
