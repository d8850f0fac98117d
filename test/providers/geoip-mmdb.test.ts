import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.ts';
import { MmdbGeoLookup } from '../../src/providers/geoip/mmdb-geo-lookup.ts';
import { parseRangeList } from '../../src/providers/geoip/range-lists.ts';

// One reader for the file: loading the shipped data takes a good part of a second.
const geo = new MmdbGeoLookup();

describe('IP geolocation from the shipped offline data', () => {
  it('answers an invalid address with an error value, without loading any data', async () => {
    const lazy = new MmdbGeoLookup({ countryDatabase: '/nonexistent.mmdb' });
    for (const bad of [
      '',
      'nope',
      '8.8',
      '010.1.1.1',
      '256.1.1.1',
      '1.2.3.4/24',
      'fe80::1%eth0',
      ' 8.8.8.8',
    ]) {
      assert.deepEqual(await lazy.lookup(bad), {
        ok: false,
        ip: bad,
        error: 'invalid_ip',
        message: 'not an IPv4 or IPv6 address',
      });
    }
  });

  it('does not locate private and reserved addresses', async () => {
    const lazy = new MmdbGeoLookup({ countryDatabase: '/nonexistent.mmdb' });
    for (const ip of [
      '10.1.2.3',
      '127.0.0.1',
      '192.168.0.1',
      '100.64.0.1',
      '::1',
      'fd00::1',
      '2001:db8::1',
    ]) {
      const result = await lazy.lookup(ip);
      assert.ok(result.ok && !result.publicAddress && result.country === null, ip);
    }
  });

  it('fails with CONFIG_INVALID when the data files are missing, and can try again', async () => {
    const broken = new MmdbGeoLookup({ countryDatabase: '/nonexistent.mmdb', asnDatabase: null });
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await assert.rejects(
        broken.lookup('8.8.8.8'),
        (error) => isAppError(error) && error.code === 'CONFIG_INVALID',
      );
    }
  });

  it('loads lazily and reports how long it took and what it holds', async (t) => {
    const report = await geo.load();
    assert.equal(report.countryDatabase.type, 'country ipvAll');
    assert.ok(report.asnRanges !== null && report.asnRanges.ipv4 > 100_000 && report.asnRanges.ipv6 > 10_000);
    assert.equal(await geo.load(), report, 'a second load is the first one');
    t.diagnostic(
      `geo data loaded in ${report.loadMs} ms; heap +${Math.round(report.heapDeltaBytes / 2 ** 20)} MiB, ` +
        `external +${Math.round(report.externalDeltaBytes / 2 ** 20)} MiB; data built ${report.countryDatabase.builtAt}`,
    );
  });

  it('locates 8.8.8.8 in the US on a flagged Google network, and 81.2.69.142 in GB on an ordinary one', async () => {
    const google = await geo.lookup('8.8.8.8');
    assert.ok(google.ok);
    assert.deepEqual([google.country, google.asn, google.hosting], ['US', 15169, true]);
    assert.equal(google.network?.source, 'asn-list');
    assert.deepEqual(await geo.lookup('81.2.69.142'), {
      ok: true,
      ip: '81.2.69.142',
      country: 'GB',
      asn: 20712,
      asOrg: 'Andrews & Arnold Ltd',
      hosting: false,
      network: null,
      publicAddress: true,
    });
  });

  it('locates IPv6 addresses, and reads IPv4-mapped IPv6 as IPv4', async () => {
    const hetzner = await geo.lookup('2a01:4f8::1');
    assert.ok(hetzner.ok);
    assert.deepEqual([hetzner.country, hetzner.asn, hetzner.hosting], ['DE', 24940, true]);
    const googleV6 = await geo.lookup('2001:4860:4860::8888');
    assert.ok(googleV6.ok && googleV6.country === 'US');
    const mapped = await geo.lookup('::ffff:81.2.69.142');
    assert.ok(mapped.ok && mapped.ip === '81.2.69.142' && mapped.country === 'GB');
  });

  it('flags an address on an operator-imported list before the ASN list, and takes new lists at run time', async () => {
    const { list } = parseRangeList('81.2.69.0/24\n', { name: 'tor-exits', kind: 'tor' });
    geo.setRangeLists([list]);
    const flagged = await geo.lookup('81.2.69.142');
    geo.setRangeLists([]);
    assert.ok(flagged.ok);
    assert.deepEqual(flagged.network, {
      kind: 'tor',
      source: 'tor-exits',
      label: 'tor-exits (tor): 81.2.69.0/24',
    });
    const cleared = await geo.lookup('81.2.69.142');
    assert.ok(cleared.ok && cleared.hosting === false);
  });

  it('reads another country database and works without ASN data', async () => {
    const { createRequire } = await import('node:module');
    const v4only = createRequire(import.meta.url).resolve(
      '@ip-location-db/geo-whois-asn-country-mmdb/geo-whois-asn-country-ipv4.mmdb',
    );
    const countryOnly = new MmdbGeoLookup({ countryDatabase: v4only, asnDatabase: null });
    const result = await countryOnly.lookup('81.2.69.142');
    assert.ok(result.ok);
    assert.deepEqual([result.country, result.asn, result.hosting], ['GB', null, false]);
    assert.equal((await countryOnly.load()).asnRanges, null);
  });
});
