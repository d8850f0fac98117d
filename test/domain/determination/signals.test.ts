import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { signalsFromApplication } from '../../../src/domain/determination/from-application.ts';

describe('signals from an application', () => {
  it('turns an IP that could not be looked up into a neutral signal, not a country', () => {
    const signals = signalsFromApplication(
      {},
      { ips: [{ context: 'signup', result: { ok: false, ip: 'nope', error: 'invalid_ip', message: 'x' } }] },
    );
    assert.deepEqual(signals, [
      { kind: 'ip_country', country: null, ip: 'nope', context: 'signup', source: 'signup.ip' },
    ]);
  });

  it('reads bank countries from bank accounts and IBANs, and issuer countries only when resolved', () => {
    const signals = signalsFromApplication(
      {
        paymentInstruments: [
          { type: 'iban', iban: 'DE89370400440532013000' },
          { type: 'bank_account', country: 'CH' },
          { type: 'card', billingCountry: 'FR' },
          { type: 'crypto_wallet' },
        ],
      },
      { cardIssuerCountries: [undefined, undefined, 'BE'] },
    );
    assert.deepEqual(
      signals.map((s) => [s.kind, 'country' in s ? s.country : null, s.source]),
      [
        ['bank_country', 'DE', 'paymentInstruments[0].iban'],
        ['bank_country', 'CH', 'paymentInstruments[1].country'],
        ['billing_country', 'FR', 'paymentInstruments[2].billingCountry'],
        ['card_issuer_country', 'BE', 'paymentInstruments[2]'],
      ],
    );
  });

  it('adds a hosting signal for an IP on a flagged network, naming it', () => {
    const signals = signalsFromApplication(
      {},
      {
        ips: [
          {
            context: 'access',
            result: {
              ok: true,
              ip: '185.220.101.1',
              country: 'DE',
              asn: null,
              asOrg: null,
              hosting: true,
              network: { kind: 'tor', source: 'tor-exits', label: 'tor-exits (tor): 185.220.101.0/24' },
              publicAddress: true,
            },
          },
        ],
      },
    );
    assert.deepEqual(signals[1], {
      kind: 'ip_hosting_or_vpn',
      ip: '185.220.101.1',
      network: 'tor-exits (tor): 185.220.101.0/24',
      source: 'access log',
    });
  });
});
