import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventKeyOf } from '../../src/domain/access-log/event-key.ts';
import { accessRetentionEnd, lastAccessMinute } from '../../src/domain/access-log/retention.ts';
import {
  parseEventPosition,
  parseNetworkQuery,
  positionOfEvent,
} from '../../src/domain/access-log/search.ts';
import {
  canonicalIp,
  parseUtcTimestamp,
  splitNdjson,
  validateBatch,
  validateEvent,
  validateNdjson,
} from '../../src/domain/access-log/validate.ts';

const NOW = new Date('2026-11-30T12:00:00Z');
const ok = { account: 'a-1', ip: '192.0.2.1', at: '2026-11-30T11:59:59.123Z', action: 'api' };

describe('access event validation', () => {
  it('refuses short IPv4 forms, zone ids and non-UTC offsets', () => {
    assert.equal(canonicalIp('10.1'), undefined);
    assert.equal(canonicalIp('fe80::1%eth0'), undefined);
    assert.equal(canonicalIp('::ffff:192.0.2.1'), '192.0.2.1');
    const offset = validateEvent({ ...ok, at: '2026-11-30T11:00:00+02:00' }, NOW);
    assert.equal(offset.ok ? 'ok' : offset.code, 'invalid_timestamp');
  });

  it('reads UTC timestamps as before 2026-12-01, but refuses days that do not exist', () => {
    // The reading before 2026-12-01: a pattern, then new Date(text).
    const pattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|\+00:00)$/;
    const before = (text: string) => {
      const at = pattern.test(text) ? new Date(text).getTime() : NaN;
      return Number.isNaN(at) ? undefined : at;
    };
    let seed = 7;
    const random = (n: number) => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) % n;
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const texts: string[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const fraction = [
        '',
        '.',
        `.${random(10)}`,
        `.${pad(random(100), 2)}`,
        `.${pad(random(1000), 3)}`,
        '.1234',
      ][random(6)];
      const zone = ['Z', '+00:00', 'z', '+01:00', '', 'Z ', '-00:00'][random(7)];
      let text =
        `${pad(random(3) === 0 ? random(10_000) : 1985 + random(50), 4)}-${pad(random(14), 2)}-${pad(random(33), 2)}` +
        `T${pad(random(26), 2)}:${pad(random(61), 2)}:${pad(random(61), 2)}${fraction}${zone}`;
      if (random(10) === 0) {
        const at = random(text.length);
        text = `${text.slice(0, at)}${'x-9:T.'[random(6)]}${text.slice(at + 1)}`;
      }
      texts.push(text);
    }
    let agreed = 0;
    for (const text of texts) {
      const now = parseUtcTimestamp(text)?.getTime();
      const then = before(text);
      // Does the text name a day that exists? (Leap years repeat every 400.)
      const named = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
      const [year, month, day] = (named ?? []).slice(1).map(Number) as [number, number, number];
      const exists =
        named === null ||
        month < 1 ||
        month > 12 ||
        day <= new Date(Date.UTC(2000 + (year % 400), month, 0)).getUTCDate();
      if (exists) {
        assert.equal(now, then, text);
        agreed += 1;
      } else {
        assert.equal(now, undefined, `${text} names a day that does not exist`);
      }
    }
    assert.ok(agreed > 15_000);
    assert.ok(texts.filter((text) => before(text) !== undefined).length > 3000, 'many valid texts');
    assert.equal(parseUtcTimestamp('2026-02-30T00:00:00Z'), undefined);
    assert.equal(parseUtcTimestamp('2024-02-29T00:00:00Z')?.toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseUtcTimestamp('2026-02-29T00:00:00Z'), undefined);
    assert.equal(parseUtcTimestamp('2026-12-31T24:00:00.000Z')?.toISOString(), '2027-01-01T00:00:00.000Z');
    assert.equal(parseUtcTimestamp('0050-01-01T00:00:00Z')?.getUTCFullYear(), 50);
    assert.equal(parseUtcTimestamp('2026-01-01T00:00:00.5+00:00')?.getUTCMilliseconds(), 500);
  });

  it('refuses control characters in a user agent and a clock more than five minutes ahead', () => {
    const agent = validateEvent({ ...ok, userAgent: 'evil\r\nagent' }, NOW);
    assert.equal(agent.ok ? 'ok' : agent.code, 'invalid_field');
    const ahead = validateEvent({ ...ok, at: '2026-11-30T12:06:00Z' }, NOW);
    assert.equal(ahead.ok ? 'ok' : ahead.code, 'timestamp_out_of_range');
  });

  it('takes 1990-01-01T00:00:00Z and five minutes ahead exactly, and nothing outside them', () => {
    const codeOf = (at: string) => {
      const outcome = validateEvent({ ...ok, at }, NOW);
      return outcome.ok ? 'ok' : outcome.code;
    };
    assert.equal(codeOf('1990-01-01T00:00:00.000Z'), 'ok');
    assert.equal(codeOf('1989-12-31T23:59:59.999Z'), 'timestamp_out_of_range');
    assert.equal(codeOf('2026-11-30T12:05:00.000Z'), 'ok');
    assert.equal(codeOf('2026-11-30T12:05:00.001Z'), 'timestamp_out_of_range');
  });

  it('gives a JSON array batch its events with their positions, and its rejects in line order', () => {
    const batch = validateBatch(
      [ok, 'text', { ...ok, ip: '192.0.2.9' }, { ...ok, extra: 1 }, { ...ok, at: 'yesterday' }, ok],
      NOW,
    );
    assert.deepEqual(batch.lines, [1, 3, 6]);
    assert.deepEqual(
      batch.events.map((e) => e.ip),
      ['192.0.2.1', '192.0.2.9', '192.0.2.1'],
    );
    assert.deepEqual(
      batch.rejected.map((r) => [r.line, r.code]),
      [
        [2, 'not_an_object'],
        [4, 'unknown_field'],
        [5, 'invalid_timestamp'],
      ],
    );
  });

  it('numbers NDJSON rejects by their real line, blank lines included', () => {
    const lines = splitNdjson(`${JSON.stringify(ok)}\r\n\nnot json\n`);
    const batch = validateNdjson(lines, NOW);
    assert.deepEqual(
      batch.rejected.map((r) => [r.line, r.code]),
      [[3, 'malformed_line']],
    );
    assert.deepEqual(batch.lines, [1]);
    assert.equal(batch.events.length, 1);
  });

  it('keys an event by its client id, or by its content when it has none', () => {
    const a = validateEvent({ ...ok, id: 'x' }, NOW);
    const b = validateEvent({ ...ok, id: 'x', ip: '192.0.2.2' }, NOW);
    const c = validateEvent(ok, NOW);
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(eventKeyOf('acc', a.event), eventKeyOf('acc', b.event));
    assert.notEqual(eventKeyOf('acc', a.event), eventKeyOf('acc', c.event));
    assert.notEqual(eventKeyOf('acc', a.event), eventKeyOf('other', a.event));
  });

  it('derives the same keys as every earlier version, so a retry across an upgrade is still recognised', () => {
    // Expected values computed with the original formula: the fields joined with '\n', SHA-256, the
    // first 64 bits as a signed integer.
    const account = '3f0b1c52-8f7e-4c1a-9d2e-5b6a7c8d9e0f';
    const at = new Date('2026-11-30T12:00:00.000Z');
    const base = { account, at, ip: '203.0.113.7', action: 'login' as const };
    assert.equal(eventKeyOf(account, { ...base, id: 'evt-1' }), 5705125541046418958n);
    assert.equal(
      eventKeyOf(account, { ...base, principal: 'alice', userAgent: 'curl/8.5', region: 'eu-west-1' }),
      7432419553936447808n,
    );
    assert.equal(eventKeyOf(account, { ...base, ip: '2001:db8::1', action: 'api' }), -265498512086732827n);
  });
});

describe('access log search input', () => {
  it('refuses blocks wider than /8 or /32 and clears host bits', () => {
    assert.equal(parseNetworkQuery('10.0.0.0/7'), undefined);
    assert.equal(parseNetworkQuery('2001:db8::/31'), undefined);
    assert.equal(parseNetworkQuery('10.0.0.1/33'), undefined);
    assert.deepEqual(parseNetworkQuery('198.51.100.77/24'), {
      cidr: '198.51.100.0/24',
      first: '198.51.100.0',
      last: '198.51.100.255',
      prefixLength: 24,
    });
    assert.equal(parseNetworkQuery('2001:db8::1')?.cidr, '2001:db8::1/128');
  });

  it('round-trips a position and refuses one that is not a position', () => {
    const at = new Date('2026-11-30T00:00:00.001Z');
    assert.deepEqual(parseEventPosition(positionOfEvent(at, '-9223372036854775808')), {
      at,
      key: '-9223372036854775808',
    });
    assert.equal(parseEventPosition('1:9223372036854775808'), undefined);
    assert.equal(parseEventPosition('x:1'), undefined);
  });
});

describe('access retention end', () => {
  const rule = { anchor: 'later_of_closure_and_last_access' as const, years: 2 };

  it('keeps last access to the minute, before and after 1970', () => {
    assert.equal(
      lastAccessMinute(Date.parse('2026-11-30T10:00:59.999Z')),
      Date.parse('2026-11-30T10:00:00Z'),
    );
    assert.equal(
      lastAccessMinute(Date.parse('2026-11-30T10:01:00.000Z')),
      Date.parse('2026-11-30T10:01:00Z'),
    );
    assert.equal(
      lastAccessMinute(Date.parse('1969-12-31T23:59:30.500Z')),
      Date.parse('1969-12-31T23:59:00Z'),
    );
  });

  it('runs a period anchored on last access from the end of its minute, never earlier', () => {
    const closedAt = new Date('2026-01-01T00:00:00Z');
    const lastAccessAt = new Date('2026-03-01T10:00:00Z'); // an access at 10:00:00–10:00:59.999
    assert.equal(
      accessRetentionEnd({ closedAt, lastAccessAt }, rule, false)?.toISOString(),
      '2028-03-01T10:01:00.000Z',
    );
    assert.equal(
      accessRetentionEnd({ closedAt, lastAccessAt }, { anchor: 'closure', years: 5 }, false)?.toISOString(),
      '2031-01-01T00:00:00.000Z',
    );
    assert.equal(accessRetentionEnd({ closedAt, lastAccessAt }, rule, true), null, 'a legal hold wins');
    assert.equal(accessRetentionEnd({ closedAt: null, lastAccessAt }, rule, false), null, 'open: no end');
  });
});
