/**
 * The canonical segment digest of the access log (issue #5 point 4): one spelling per stored event,
 * one order per segment, every stored field in the hash, and a purge that can be put back.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AccountDigester,
  combineAccountDigests,
  digestAccounts,
  digestSegment,
  encodeEvent,
  segmentOf,
  type DigestEvent,
} from '../../src/domain/access-log/segment-digest.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

function anEvent(overrides: Partial<DigestEvent> = {}): DigestEvent {
  return {
    accountId: A,
    atMicros: 1_764_489_600_123_000n,
    eventKey: -42n,
    ip: '198.51.100.7',
    action: 1,
    principal: 'alice@example.com',
    userAgent: 'aws-cli/2.15',
    region: 'us-east-1',
    storedAtMicros: 1_764_489_601_000_001n,
    ...overrides,
  };
}

const segment = [
  anEvent(),
  anEvent({ eventKey: 7n }),
  anEvent({ atMicros: 1_764_489_500_000_000n, principal: null }),
  anEvent({ accountId: B, ip: '2001:db8::1', region: null }),
];

describe('access-log segment digest', () => {
  it('refuses events out of canonical order or given twice', () => {
    const digester = new AccountDigester();
    digester.add(anEvent({ eventKey: 7n }));
    assert.throws(() => digester.add(anEvent({ eventKey: 7n })), /order, once each/);
    assert.throws(() => digester.add(anEvent({ eventKey: 6n })), /order, once each/);
    const byAccount = new AccountDigester();
    byAccount.add(anEvent({ accountId: B }));
    assert.throws(() => byAccount.add(anEvent({ accountId: A })), /order/);
  });

  it('refuses an account twice when combining', () => {
    const [account] = digestAccounts([anEvent()]);
    assert.ok(account !== undefined);
    assert.throws(() => combineAccountDigests([account, account]), /appears twice/);
  });

  it('changes when any stored field changes, by as little as a microsecond', () => {
    const base = digestSegment(segment).digest;
    const changes: Array<Partial<DigestEvent>> = [
      { atMicros: 1_764_489_600_123_001n },
      { eventKey: -41n },
      { ip: '198.51.100.8' },
      { ip: '198.51.100.7/24' },
      { action: 2 },
      { principal: null },
      { principal: '' },
      { userAgent: 'aws-cli/2.16' },
      { region: 'us-east-2' },
      { storedAtMicros: 1_764_489_601_000_002n },
      { accountId: '00000000-0000-4000-8000-00000000000c' },
    ];
    for (const change of changes) {
      const altered = [anEvent(change), ...segment.slice(1)];
      assert.notDeepEqual(
        digestSegment(altered).digest,
        base,
        JSON.stringify(change, (_, v: unknown) => String(v)),
      );
    }
  });

  it('changes count and digest when an event is removed or added', () => {
    const whole = digestSegment(segment);
    const less = digestSegment(segment.slice(1));
    const more = digestSegment([...segment, anEvent({ eventKey: 99n })]);
    assert.deepEqual([whole.count, less.count, more.count], [4, 3, 5]);
    assert.notDeepEqual(less.digest, whole.digest);
    assert.notDeepEqual(more.digest, whole.digest);
  });

  it('cannot be fooled by moving text between fields', () => {
    const one = anEvent({ principal: 'a","b', userAgent: null });
    const two = anEvent({ principal: 'a', userAgent: 'b' });
    assert.notEqual(encodeEvent(one), encodeEvent(two));
    assert.notDeepEqual(digestSegment([one]).digest, digestSegment([two]).digest);
    assert.doesNotMatch(encodeEvent(anEvent({ userAgent: 'x\ny' })), /\n/);
  });

  it('spells each event as JSON.stringify spells the array of its fields', () => {
    for (const event of [
      anEvent(),
      anEvent({ principal: 'ünïcödé "quoted" \\ back', userAgent: '\u2028\u0000', region: null }),
      anEvent({ eventKey: -9_223_372_036_854_775_808n, atMicros: 0n, ip: '::ffff:1.2.3.4' }),
    ]) {
      const fields = [
        event.atMicros.toString(),
        event.eventKey.toString(),
        event.ip,
        event.action,
        event.principal,
        event.userAgent,
        event.region,
        event.storedAtMicros.toString(),
      ];
      assert.equal(encodeEvent(event), JSON.stringify(fields));
    }
  });

  it('does not depend on the order the events are given in', () => {
    const reversed = [...segment].reverse();
    assert.deepEqual(digestSegment(reversed), digestSegment(segment));
  });

  it('gives the same digest when a purged account’s digest stands in for its events', () => {
    const remaining = digestAccounts(segment.filter((e) => e.accountId !== A));
    const purged = digestAccounts(segment.filter((e) => e.accountId === A));
    assert.deepEqual(combineAccountDigests([...purged, ...remaining]), digestSegment(segment));
  });

  it('is pinned: the encoding and the hash construction are a stored format', () => {
    assert.equal(
      encodeEvent(anEvent()),
      '["1764489600123000","-42","198.51.100.7",1,"alice@example.com","aws-cli/2.15","us-east-1","1764489601000001"]',
    );
    const { count, digest } = digestSegment(segment);
    assert.equal(count, 4);
    assert.equal(digest.toString('hex'), PINNED);
    assert.equal(digestSegment([]).count, 0);
  });

  it('puts a time in the UTC hour it falls in, the end excluded', () => {
    assert.deepEqual(segmentOf(new Date('2026-11-30T10:59:59.999Z')), {
      start: new Date('2026-11-30T10:00:00Z'),
      end: new Date('2026-11-30T11:00:00Z'),
    });
    assert.equal(segmentOf(new Date('2026-11-30T11:00:00Z')).start.toISOString(), '2026-11-30T11:00:00.000Z');
  });
});

const PINNED = 'c321923b7a20dede3621e405efd92f2b52186d3eb0869e2b9cd61dc0decfafd4';
