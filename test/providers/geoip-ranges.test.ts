import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FixedGeoLookup } from '../../src/providers/geoip/fixed-geo-lookup.ts';
import { HOSTING_ASNS } from '../../src/providers/geoip/hosting-asns.ts';
import { parseCidr, parseIp } from '../../src/providers/geoip/ip-address.ts';
import { parseRangeList } from '../../src/providers/geoip/range-lists.ts';
import { SortedRanges } from '../../src/providers/geoip/sorted-ranges.ts';

describe('IP address parsing', () => {
  it('refuses legacy and ambiguous forms', () => {
    for (const bad of ['8.8', '0x8.8.8.8', '010.1.1.1', '1.2.3.4.5', '1.2.3.4 ', '::1%lo', '1:2:3', '']) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  it('gives canonical text and numeric values', () => {
    assert.deepEqual(parseIp('255.255.255.255'), {
      version: 4,
      value: 0xffffffff,
      text: '255.255.255.255',
      publicAddress: false,
    });
    const v6 = parseIp('2001:DB8:0:0:0:0:0:1');
    assert.deepEqual(
      [v6?.version, v6?.text, v6?.value],
      [6, '2001:db8::1', 0x20010db8000000000000000000000001n],
    );
  });

  it('refuses bad CIDR blocks, and ignores host bits after the prefix', () => {
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/x', '10.0.0.0/8/8', '::/129', 'nope/8']) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
    assert.deepEqual(parseCidr('10.1.2.3/8'), {
      version: 4,
      start: 0x0a000000,
      end: 0x0affffff,
      text: '10.1.2.3/8',
    });
    assert.deepEqual(parseCidr('0.0.0.0/0'), { version: 4, start: 0, end: 0xffffffff, text: '0.0.0.0/0' });
    assert.deepEqual(parseCidr('::ffff:192.0.2.0/120'), {
      version: 4,
      start: 0xc0000200,
      end: 0xc00002ff,
      text: '192.0.2.0/24',
    });
    const v6 = parseCidr('2001:db8::/32');
    assert.deepEqual([v6?.start, v6?.end], [0x20010db8n << 96n, (0x20010db8n << 96n) | ((1n << 96n) - 1n)]);
  });
});

describe('operator-imported range lists', () => {
  it('reports each bad line by number and keeps the good ones', () => {
    const { list, problems } = parseRangeList(
      '# Tor exits\n185.220.101.0/24\nnot an ip\n\n2a0b:f4c0::/32 # v6\n1.2.3.4/40\n',
      {
        name: 'tor-exits',
        kind: 'tor',
      },
    );
    assert.deepEqual(
      problems.map((p) => [p.line, p.text]),
      [
        [3, 'not an ip'],
        [6, '1.2.3.4/40'],
      ],
    );
    assert.equal(list.size, 2);
    const hit = (ip: string) => {
      const parsed = parseIp(ip);
      assert.ok(parsed);
      return list.match(parsed);
    };
    assert.equal(hit('185.220.100.255'), undefined);
    assert.equal(hit('185.220.101.7')?.label, 'tor-exits (tor): 185.220.101.0/24');
    assert.equal(hit('2a0b:f4c0:1::1')?.kind, 'tor');
  });

  it('matches inside overlapping and adjacent blocks', () => {
    const { list } = parseRangeList('10.0.0.0/16\n10.0.5.0/24\n10.1.0.0/16\n192.0.2.1\n', {
      name: 'vpn',
      kind: 'vpn',
    });
    for (const ip of ['10.0.5.9', '10.0.255.255', '10.1.0.0', '192.0.2.1']) {
      assert.ok(list.match(parseIp(ip) ?? assert.fail(ip)), ip);
    }
    assert.equal(list.match(parseIp('192.0.2.2') ?? assert.fail()), undefined);
  });
});

describe('sorted ranges', () => {
  it('finds the innermost of nested ranges, and nothing in the gaps', () => {
    const ranges = SortedRanges.fromRows<number>([
      { start: 100, end: 200, value: 1 },
      { start: 120, end: 130, value: 2 },
      { start: 150, end: 160, value: 3 },
      { start: 300, end: 400, value: 4 },
    ]);
    assert.deepEqual(
      [99, 100, 125, 140, 155, 161, 200, 250, 400, 401].map((n) => ranges.find(n)),
      [undefined, 1, 2, 1, 3, 1, 1, undefined, 4, undefined],
    );
  });
});

describe('the curated hosting ASN list', () => {
  it('names each ASN once', () => {
    assert.equal(new Set(HOSTING_ASNS.map((entry) => entry.asn)).size, HOSTING_ASNS.length);
  });
});

describe('the fixed geolocation table', () => {
  it('answers like the real lookup: an error value for bad input, nulls for unknown addresses', async () => {
    const geo = new FixedGeoLookup({ '2001:DB8::50': { country: 'JP' } });
    assert.equal((await geo.lookup('8.8')).ok, false);
    assert.deepEqual(await geo.lookup('192.0.2.9'), {
      ok: true,
      ip: '192.0.2.9',
      country: null,
      asn: null,
      asOrg: null,
      hosting: false,
      network: null,
      publicAddress: false,
    });
    const known = await geo.lookup('2001:db8:0::50');
    assert.ok(known.ok && known.country === 'JP');
  });
});
