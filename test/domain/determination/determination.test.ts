import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { determineForeignStatus } from '../../../src/domain/determination/determine.ts';
import { signalsFromApplication } from '../../../src/domain/determination/from-application.ts';
import type { Signal } from '../../../src/domain/determination/signals.ts';
import { BUILT_IN_PROFILES } from '../../../src/domain/profiles/built-in.ts';
import type { RuleProfile } from '../../../src/domain/profiles/profile.ts';
import { FixedGeoLookup } from '../../../src/providers/geoip/fixed-geo-lookup.ts';

const iaas = BUILT_IN_PROFILES[0] as RuleProfile;
const geo = new FixedGeoLookup({
  '81.2.69.142': { country: 'GB', asn: 20712, asOrg: 'Andrews & Arnold Ltd' },
  '198.51.100.10': { country: 'US', asn: 64500, asOrg: 'Example US Broadband' },
  '3.5.140.2': {
    country: 'US',
    asn: 16509,
    asOrg: 'Amazon.com, Inc.',
    network: { kind: 'hosting', source: 'asn-list', label: 'AS16509 Amazon.com, Inc. (hosting)' },
  },
});

const signup = async (ip: string) => ({
  ips: [{ context: 'signup' as const, result: await geo.lookup(ip) }],
});
const withProfile = (usPerson: Partial<RuleProfile['usPerson']>): RuleProfile => ({
  ...iaas,
  usPerson: { ...iaas.usPerson, ...usPerson },
});
const signalOf = (determination: ReturnType<typeof determineForeignStatus>, kind: string) =>
  determination.signals.find((s) => s.kind === kind);

describe('foreign-person determination', () => {
  it('leaves a customer with no evidence undetermined, and treats them as foreign', () => {
    const result = determineForeignStatus([], iaas);
    assert.equal(result.status, 'undetermined');
    assert.equal(result.treatedAs, 'foreign');
    assert.equal(result.rule, 'insufficient_evidence');
    assert.equal(result.score, 0);
    assert.deepEqual(result.profile, { id: 'us-iaas-2024', version: 1 });
  });

  it('does not take declared US citizenship on a hosting-network IP alone', async () => {
    const signals = signalsFromApplication({ citizenship: ['US'] }, await signup('3.5.140.2'));
    const result = determineForeignStatus(signals, iaas);
    assert.equal(result.status, 'undetermined');
    assert.equal(result.rule, 'us_ground_uncorroborated');
    assert.equal(result.treatedAs, 'foreign');
    const ip = signalOf(result, 'ip_country');
    assert.equal(ip?.weight, 0.05);
    assert.match(
      ip?.reason ?? '',
      /signup IP 3\.5\.140\.2 is located in US \(hosting\/VPN network: weight lowered\)/,
    );
    assert.match(signalOf(result, 'ip_hosting_or_vpn')?.reason ?? '', /AS16509 Amazon/);
  });

  it('counts each kind of corroboration once, so many US access IPs do not add up to a document', () => {
    const signals: Signal[] = [
      { kind: 'citizenship', country: 'US' },
      ...[1, 2, 3, 4, 5].map((n): Signal => ({
        kind: 'ip_country',
        country: 'US',
        ip: `198.51.100.${n}`,
        context: 'access',
      })),
    ];
    assert.equal(determineForeignStatus(signals, iaas).status, 'undetermined');
  });

  it('treats ill-formed and missing countries as neutral, with a reason', () => {
    const result = determineForeignStatus(
      [
        { kind: 'citizenship', country: 'Sweden' },
        { kind: 'phone_country', country: null, source: 'phones[0]' },
      ],
      iaas,
    );
    assert.equal(result.status, 'undetermined');
    assert.deepEqual(
      result.signals.map((s) => [s.points, s.weight, s.reason]),
      [
        ['neutral', 0, 'declared citizenship "SWEDEN", which is not a country code'],
        ['neutral', 0, 'phone number is registered in: no country known'],
      ],
    );
  });

  it('determines a foreign individual signing up from a non-US IP, and a US person from a US IP, with their signals', async () => {
    const anna = signalsFromApplication(
      {
        citizenship: ['SE'],
        address: { country: 'SE' },
        documents: [{ country: 'SE' }],
        paymentInstruments: [{ type: 'card', billingCountry: 'SE' }],
      },
      { phoneCountries: ['SE'], ...(await signup('81.2.69.142')) },
    );
    const foreign = determineForeignStatus(anna, iaas);
    assert.equal(foreign.status, 'foreign');
    assert.equal(foreign.treatedAs, 'foreign');
    assert.equal(foreign.rule, 'foreign_ground');
    assert.equal(foreign.score, -1);
    assert.deepEqual(
      foreign.signals.map((s) => [s.kind, s.value, s.points, s.weight, s.reason, s.source]),
      [
        ['citizenship', 'SE', 'foreign', 1, 'declared citizenship SE', 'citizenship[0]'],
        ['residence_country', 'SE', 'foreign', 0.8, 'declared residence address is in SE', 'address.country'],
        ['document_country', 'SE', 'foreign', 0.7, 'document issued by SE', 'documents[0].country'],
        [
          'billing_country',
          'SE',
          'foreign',
          0.5,
          'payment billing address is in SE',
          'paymentInstruments[0].billingCountry',
        ],
        ['phone_country', 'SE', 'foreign', 0.4, 'phone number is registered in SE', 'phones[0]'],
        ['ip_country', 'GB', 'foreign', 0.3, 'signup IP 81.2.69.142 is located in GB', 'signup.ip'],
      ],
    );

    const john = signalsFromApplication(
      {
        citizenship: ['US'],
        address: { country: 'US' },
        documents: [{ country: 'US' }],
        paymentInstruments: [{ type: 'card', billingCountry: 'US' }],
      },
      { phoneCountries: ['US'], ...(await signup('198.51.100.10')) },
    );
    const us = determineForeignStatus(john, iaas);
    assert.equal(us.status, 'us_person');
    assert.equal(us.treatedAs, 'us_person');
    assert.equal(us.rule, 'us_ground_corroborated');
    assert.equal(us.score, 1);
    assert.ok(us.signals.every((s) => s.points === 'us'));
    assert.match(us.explanation, /^US person: declared citizenship US, backed by document issued by US; /);
    assert.equal(signalOf(us, 'ip_country')?.reason, 'signup IP 198.51.100.10 is located in US');
  });

  it('keeps a US citizen living abroad a US person (citizenship is decisive once corroborated)', () => {
    const result = determineForeignStatus(
      [
        { kind: 'citizenship', country: 'US' },
        { kind: 'citizenship', country: 'FR' },
        { kind: 'residence_country', country: 'FR' },
        { kind: 'document_country', country: 'US' },
        { kind: 'phone_country', country: 'FR' },
      ],
      iaas,
    );
    assert.equal(result.status, 'us_person');
    assert.ok(result.score < 0, 'most evidence points abroad, yet the rule decides');
  });

  it('accepts a corroborated US residence, unless the independent evidence points abroad more', () => {
    const resident: Signal[] = [
      { kind: 'citizenship', country: 'IN' },
      { kind: 'residence_country', country: 'US' },
      { kind: 'billing_country', country: 'US' },
      { kind: 'phone_country', country: 'US' },
    ];
    const accepted = determineForeignStatus(resident, iaas);
    assert.equal(accepted.status, 'us_person');
    assert.equal(accepted.rule, 'us_residence_corroborated');

    const outweighed = determineForeignStatus(
      [
        ...resident,
        { kind: 'document_country', country: 'IN' },
        { kind: 'card_issuer_country', country: 'IN' },
      ],
      iaas,
    );
    assert.equal(outweighed.status, 'undetermined');
    assert.equal(outweighed.rule, 'conflicting_evidence');
    assert.match(
      outweighed.explanation,
      /more independent evidence points abroad \(1\.1\) than to the US \(0\.9\)/,
    );
  });

  it('does not accept a ground the profile switches off', () => {
    const noResidence = {
      ...iaas,
      usPerson: { ...iaas.usPerson, grounds: { ...iaas.usPerson.grounds, residence: false } },
    };
    const result = determineForeignStatus(
      [
        { kind: 'citizenship', country: 'IN' },
        { kind: 'residence_country', country: 'US' },
        { kind: 'document_country', country: 'US' },
      ],
      noResidence,
    );
    assert.equal(result.status, 'foreign');
  });

  it('counts the territories as the United States', () => {
    const result = determineForeignStatus(
      [
        { kind: 'citizenship', country: 'US' },
        { kind: 'document_country', country: 'PR' },
      ],
      iaas,
    );
    assert.equal(result.status, 'us_person');
    assert.equal(result.signals[1]?.reason, 'document issued by PR (a US jurisdiction)');
  });

  it('locates a customer by IP only where the profile allows it, and never by a VPN address', async () => {
    const byIp = withProfile({ grounds: { ...iaas.usPerson.grounds, ipLocation: true } });
    const home = signalsFromApplication({}, await signup('198.51.100.10'));
    assert.equal(determineForeignStatus(home, iaas).status, 'undetermined');
    assert.equal(determineForeignStatus(home, byIp).rule, 'us_ip_location');
    const vpn = signalsFromApplication({}, await signup('3.5.140.2'));
    assert.equal(determineForeignStatus(vpn, byIp).status, 'undetermined');
    const abroad = signalsFromApplication({ citizenship: ['SE'] }, await signup('198.51.100.10'));
    assert.equal(determineForeignStatus(abroad, byIp).status, 'foreign');
  });

  it('follows the profile when undetermined customers are to be treated as US persons', () => {
    const lenient = withProfile({ undeterminedTreatedAs: 'us_person' });
    const result = determineForeignStatus([{ kind: 'phone_country', country: 'US' }], lenient);
    assert.deepEqual([result.status, result.treatedAs], ['undetermined', 'us_person']);
  });
});

describe('foreign-person determination of entities', () => {
  it('makes an entity incorporated abroad foreign, whatever its US address and IP', async () => {
    const signals = signalsFromApplication(
      { incorporation: { country: 'DE' }, address: { country: 'US' } },
      await signup('198.51.100.10'),
    );
    const result = determineForeignStatus(signals, iaas);
    assert.equal(result.subject, 'entity');
    assert.equal(result.status, 'foreign');
    assert.equal(signalOf(result, 'residence_country')?.reason, 'principal address is in US');
  });

  it('makes a US-incorporated entity with a US principal address a US person', () => {
    const signals = signalsFromApplication({ incorporation: { country: 'US' }, address: { country: 'US' } });
    const result = determineForeignStatus(signals, iaas);
    assert.equal(result.status, 'us_person');
    assert.equal(signalOf(result, 'residence_country')?.role, 'corroboration');
  });

  it('ignores citizenship for an entity, and incorporation for an individual', () => {
    const entity = determineForeignStatus([{ kind: 'citizenship', country: 'SE' }], iaas, {
      subject: 'entity',
    });
    assert.equal(entity.status, 'undetermined');
    assert.match(entity.signals[0]?.reason ?? '', /not considered for an entity/);
    const person = determineForeignStatus([{ kind: 'incorporation_country', country: 'SE' }], iaas, {
      subject: 'individual',
    });
    assert.equal(person.status, 'undetermined');
  });
});
