import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { partySubject } from '../../../src/domain/screening/party-subject.ts';

const anna = {
  name: { full: 'Anna Maria Eriksson' },
  dateOfBirth: '1974-08-12',
  citizenship: ['SE'],
  documents: [{ type: 'passport', number: 'L898902C3' }],
  emails: ['anna@example.se'],
};

describe('the screened subject’s digest', () => {
  it('is the same for the same data as the matcher sees it, however it was typed', () => {
    const { hash } = partySubject('individual', anna);
    for (const retyped of [
      { ...anna, name: { full: 'ERIKSSON, Anna Maria' } },
      { ...anna, name: { full: '  anna   maria eriksson ' } },
      { ...anna, documents: [{ type: 'PASSPORT', number: 'l 898902-c3' }] },
      { ...anna, emails: ['other@example.se'] },
    ]) {
      assert.equal(partySubject('individual', retyped).hash, hash, JSON.stringify(retyped));
    }
  });

  it('changes with what is screened: a name, a date of birth, a country, a number', () => {
    const { hash } = partySubject('individual', anna);
    for (const changed of [
      { ...anna, name: { full: 'Anna Maria Eriksen' } },
      { ...anna, dateOfBirth: '1974-08-13' },
      { ...anna, citizenship: ['NO'] },
      { ...anna, documents: [{ type: 'passport', number: 'L898902C4' }] },
    ]) {
      assert.notEqual(partySubject('individual', changed).hash, hash, JSON.stringify(changed));
    }
  });

  it('keeps the former digest (names and query as typed) for verdicts stored before 2026-12-02', () => {
    const subject = partySubject('individual', anna);
    const former = createHash('sha256')
      .update(JSON.stringify({ names: ['Anna Maria Eriksson'], query: subject.query }))
      .digest('hex');
    assert.equal(subject.legacyHash, former);
    assert.notEqual(subject.hash, former);
  });
});
