/**
 * What an ingesting process remembers per account between batches (access-account-memory.ts) and the
 * sightings kept on it (access-sightings.ts): one slot per account, the last access it moves forward
 * only after commit and only to a later minute, and memories that are forgotten whole, never in part.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AccessEventRow } from '../../src/storage/port.ts';
import { AccountMemory } from '../../src/storage/repositories/access-account-memory.ts';
import { SightingMemory, sightingCandidates } from '../../src/storage/repositories/access-sightings.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const T = Date.parse('2026-11-30T10:00:00Z');

function row(accountId: string, at: number, ip = '192.0.2.1'): AccessEventRow {
  return {
    accountId,
    eventKey: '1',
    at: new Date(at),
    ip,
    action: 1,
    principal: null,
    userAgent: null,
    region: null,
  };
}

describe('the access log’s account memory', () => {
  it('gives every row of an account the same slot, across batches', () => {
    const memory = new AccountMemory();
    const first = memory.slotsOf([row(A, T), row(A, T), row(B, T), row(A, T)]);
    assert.equal(first[0], first[1]);
    assert.equal(first[0], first[3]);
    assert.notEqual(first[0], first[2]);
    assert.deepEqual(
      first.map((slot) => slot.id),
      [A, A, B, A],
    );
    assert.equal(memory.slotsOf([row(B, T)])[0], first[2]);
  });

  it('moves each account’s last access to the minute of its newest event, once committed and only forward', () => {
    const memory = new AccountMemory();
    const rows = [row(A, T + 61_000), row(B, T + 5_000), row(A, T + 125_000), row(A, T)];
    const slots = memory.slotsOf(rows);
    const newer = memory.newestPerAccount(rows, slots);
    assert.deepEqual(
      newer.map(({ slot, at }) => [slot.id, new Date(at).toISOString()]),
      [
        [A, '2026-11-30T10:02:00.000Z'],
        [B, '2026-11-30T10:00:00.000Z'],
      ],
    );
    // Not committed (the transaction failed): the next batch still moves both.
    assert.equal(memory.newestPerAccount(rows, slots).length, 2);
    memory.committedAccess(newer);
    // The same minute or an earlier one: nothing to move.
    const again = [row(A, T + 179_999), row(B, T - 3_600_000), row(B, T + 60_000)];
    assert.deepEqual(
      memory.newestPerAccount(again, memory.slotsOf(again)).map(({ slot, at }) => [slot.id, at]),
      [[B, T + 60_000]],
    );
  });

  it('starts over past its limit: a batch still holding an old slot changes nothing remembered', () => {
    const memory = new AccountMemory(2);
    const early = memory.slotsOf([row(A, T), row(B, T)]);
    memory.slotsOf([row('00000000-0000-4000-8000-00000000000c', T)]); // the third account: a new map
    const later = memory.slotsOf([row(A, T)]);
    assert.notEqual(later[0], early[0]);
    memory.committedAccess([{ slot: early[0]!, at: T }]);
    assert.equal(memory.newestPerAccount([row(A, T)], later).length, 1, 'A’s new slot knows no last access');
  });
});

describe('the sightings kept on account slots', () => {
  const rows = [row(A, T, '192.0.2.1'), row(A, T + 1, '192.0.2.1'), row(A, T, '192.0.2.10'), row(B, T)];

  it('asks for each (day, address, account) once, and for none once committed', () => {
    const memory = new AccountMemory();
    const sightings = new SightingMemory();
    const slots = memory.slotsOf(rows);
    const pairs = sightings.missing(sightingCandidates(rows), slots, '0');
    assert.deepEqual(
      pairs.ips.map((ip, i) => [pairs.accounts[i], ip]),
      [
        [A, '192.0.2.1'],
        [A, '192.0.2.10'],
        [B, '192.0.2.1'],
      ],
    );
    // '192.0.2.1' is a prefix of '192.0.2.10': remembered addresses are matched whole.
    const other = [row(A, T, '192.0.2.100')];
    sightings.remember(pairs);
    assert.equal(sightings.missing(sightingCandidates(rows), slots, '0').days.length, 0);
    assert.equal(sightings.missing(sightingCandidates(other), memory.slotsOf(other), '0').days.length, 1);
    // The next day is new.
    const tomorrow = [row(A, T + 86_400_000)];
    assert.equal(
      sightings.missing(sightingCandidates(tomorrow), memory.slotsOf(tomorrow), '0').days.length,
      1,
    );
  });

  it('forgets everything at a new epoch, and ignores a commit found missing under the old one', () => {
    const memory = new AccountMemory();
    const sightings = new SightingMemory();
    const slots = memory.slotsOf(rows);
    const before = sightings.missing(sightingCandidates(rows), slots, '0');
    sightings.remember(before);
    const pending = sightings.missing(
      sightingCandidates([row(B, T, '192.0.2.77')]),
      memory.slotsOf([row(B, T)]),
      '0',
    );
    // A purge settled: the next transaction reads epoch 1.
    assert.equal(sightings.missing(sightingCandidates(rows), slots, '1').days.length, 3);
    sightings.remember(pending);
    const late = [row(B, T, '192.0.2.77')];
    assert.equal(sightings.missing(sightingCandidates(late), memory.slotsOf(late), '1').days.length, 1);
  });

  it('looks again only at the rows its precheck found unknown, while epoch and generation hold', () => {
    const memory = new AccountMemory();
    const sightings = new SightingMemory();
    const slots = memory.slotsOf(rows);
    sightings.remember(sightings.missing(sightingCandidates(rows.slice(0, 2)), slots, '0'));
    const checked = sightings.precheck(sightingCandidates(rows), slots);
    assert.deepEqual(
      [...(checked.checked?.unknown ?? [])],
      [2, 3],
      'A at .1 is known; A at .10 and B are not',
    );
    // Another batch commits B's pair between this batch's prepare and its transaction.
    sightings.remember(sightings.missing(sightingCandidates([rows[3]!]), [slots[3]!], '0'));
    const pairs = sightings.missing(checked, slots, '0');
    assert.deepEqual(pairs.ips, ['192.0.2.10']);
    // Without the precheck, the same answer.
    assert.deepEqual(sightings.missing(sightingCandidates(rows), slots, '0').ips, ['192.0.2.10']);
  });

  it('checks every row again when the epoch moved after its precheck (a purge forgot what it knew)', () => {
    const memory = new AccountMemory();
    const sightings = new SightingMemory();
    const slots = memory.slotsOf(rows);
    sightings.remember(sightings.missing(sightingCandidates(rows), slots, '0'));
    const checked = sightings.precheck(sightingCandidates(rows), slots);
    assert.equal(checked.checked?.unknown.length, 0);
    assert.equal(sightings.missing(checked, slots, '1').days.length, 3);
  });

  it('checks every row again when the memory started over after its precheck', () => {
    const memory = new AccountMemory();
    const sightings = new SightingMemory();
    const slots = memory.slotsOf(rows);
    sightings.remember(sightings.missing(sightingCandidates(rows), slots, '0'));
    const checked = sightings.precheck(sightingCandidates(rows), slots);
    sightings.missing(sightingCandidates(rows), slots, '1'); // a new epoch: the generation moves on
    sightings.missing(sightingCandidates(rows), slots, '0'); // and again, back to the old epoch's name
    assert.equal(sightings.missing(checked, slots, '0').days.length, 3);
  });
});
