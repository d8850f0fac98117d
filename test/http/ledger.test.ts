/**
 * The proof API: checkpoints signed in the C2SP format, inclusion and consistency proofs that an
 * independent RFC 6962 verifier (test/domain/ledger/independent-verifier.ts) accepts, by leaf and by
 * record, scoped to the caller's tenant, and a consistency proof that fails once stored nodes change.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openCheckpoint } from '../../src/domain/ledger/checkpoint.ts';
import { parseVerifierKey } from '../../src/domain/ledger/note-keys.ts';
import {
  independentlyVerifyConsistency,
  independentlyVerifyInclusion,
} from '../domain/ledger/independent-verifier.ts';
import {
  addOtherProvider,
  bearer,
  createKey,
  createTestApp,
  type Problem,
  type TestApp,
} from '../support/app.ts';
import { anna } from '../support/applicants.ts';
import { rawSql } from '../support/raw-sql.ts';
import { runScheduledJobs } from '../../src/workers/scheduler.ts';
import { operatorActor } from '../../src/services/operator.ts';

interface Checkpoint {
  size: number;
  root: string;
  note: string;
}
interface Inclusion {
  leafIndex: number;
  treeSize: number;
  leafHash: string;
  proof: string[];
}

const b = (text: string) => Buffer.from(text, 'base64');

describe('ledger proof API', () => {
  let t: TestApp;
  let auditorKey: string;
  let decisionId: string;
  const get = (url: string, key = auditorKey) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

  const submit = async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/v1/applications',
      headers: bearer(t.adminKey),
      payload: anna(),
    });
    return response.json<{ decision: { id: string } }>().decision.id;
  };

  before(async () => {
    t = await createTestApp();
    auditorKey = (await createKey(t, 'auditor')).key;
    decisionId = await submit();
    const run = await runScheduledJobs(t.services);
    assert.ok(run.ledger.integrated >= 3, 'the scheduler integrates the entries and signs');
    assert.equal(run.ledger.signed, run.ledger.integrated);
  });
  after(async () => {
    await t.close();
  });

  it('refuses an analyst key (ledger:read is for auditors and admins)', async () => {
    const analyst = await createKey(t, 'analyst');
    const response = await get('/v1/ledger/checkpoint', analyst.key);
    assert.equal(response.statusCode, 403);
    assert.equal(response.json<Problem>().code, 'FORBIDDEN');
  });

  it('answers bad proof arguments with 400 and the field at fault', async () => {
    const cases: Array<[string, string, string]> = [
      ['/v1/ledger/proofs/inclusion?leaf=999&size=1', 'LEDGER_ARGUMENT_INVALID', 'query.leaf'],
      ['/v1/ledger/proofs/inclusion?leaf=0&size=99999', 'LEDGER_ARGUMENT_INVALID', 'query.size'],
      ['/v1/ledger/proofs/inclusion', 'LEDGER_ARGUMENT_INVALID', 'query.leaf'],
      ['/v1/ledger/proofs/inclusion?record=nonsense', 'LEDGER_ARGUMENT_INVALID', 'query.record'],
      ['/v1/ledger/proofs/consistency?from=3&to=2', 'LEDGER_ARGUMENT_INVALID', 'query.from'],
      ['/v1/ledger/proofs/consistency?from=1&to=99999', 'LEDGER_ARGUMENT_INVALID', 'query.to'],
      ['/v1/ledger/proofs/consistency?from=x&to=2', 'VALIDATION_FAILED', 'query.from'],
    ];
    for (const [url, code, field] of cases) {
      const response = await get(url);
      assert.equal(response.statusCode, 400, url);
      assert.deepEqual([response.json<Problem>().code, response.json<Problem>().field], [code, field], url);
    }
  });

  it('answers 404 for another tenant’s record, exactly as for a missing one', async () => {
    const other = await addOtherProvider(t);
    const response = await get(`/v1/ledger/proofs/inclusion?record=decision:${decisionId}`, other.adminKey);
    assert.equal(response.statusCode, 404);
    assert.equal(response.json<Problem>().code, 'LEDGER_RECORD_NOT_FOUND');
  });

  it('serves a checkpoint signed by the published key, and proofs the independent verifier accepts', async () => {
    const checkpoint = (await get('/v1/ledger/checkpoint')).json<Checkpoint>();
    const { origin, key } = (await get('/v1/ledger/public-key')).json<{ origin: string; key: string }>();
    const verifier = parseVerifierKey(key);
    assert.ok(verifier.ok);
    const opened = openCheckpoint(checkpoint.note, [verifier.key], origin);
    assert.ok(opened.ok);
    assert.equal(opened.checkpoint.size, checkpoint.size);
    assert.equal(opened.checkpoint.rootHash.toString('base64'), checkpoint.root);

    const byRecord = await get(`/v1/ledger/proofs/inclusion?record=decision:${decisionId}`);
    assert.equal(byRecord.statusCode, 200, byRecord.body);
    const proof = byRecord.json<Inclusion>();
    assert.equal(proof.treeSize, checkpoint.size);
    assert.ok(
      independentlyVerifyInclusion(
        proof.leafIndex,
        proof.treeSize,
        b(proof.leafHash),
        proof.proof.map(b),
        b(checkpoint.root),
      ),
    );
    for (let leaf = 0; leaf < checkpoint.size; leaf += 1) {
      const p = (await get(`/v1/ledger/proofs/inclusion?leaf=${leaf}`)).json<Inclusion>();
      const ok = independentlyVerifyInclusion(
        leaf,
        p.treeSize,
        b(p.leafHash),
        p.proof.map(b),
        b(checkpoint.root),
      );
      assert.ok(ok, `leaf ${leaf}`);
    }
  });

  it('records every change of a mutable record: a confirmed check and an extended measure still verify', async () => {
    const post = (url: string, payload: object) =>
      t.app.inject({ method: 'POST', url, headers: bearer(t.adminKey), payload });
    const submitted = await post('/v1/applications', anna());
    const applicationId = submitted.json<{ id: string }>().id;
    const started = await post(`/v1/applications/${applicationId}/verifications`, {
      method: 'email_possession',
    });
    const checkId = started.json<{ id: string }>().id;
    const confirmed = await post(`/v1/verifications/${checkId}/confirm`, {
      code: t.sentCodes.at(-1)?.code ?? '',
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const created = await post('/v1/special-measures', {
      kind: 'prohibit',
      target: { type: 'jurisdiction', countries: ['KP'] },
      determinationDate: '2026-01-01',
      citation: 'test',
    });
    const measureId = created.json<{ id: string }>().id;
    const extended = await post(`/v1/special-measures/${measureId}/extensions`, {
      determinationDate: '2026-06-01',
    });
    assert.equal(extended.statusCode, 200, extended.body);
    await t.services.ledger.runSequencer();

    const report = await t.services.ledger.verify(operatorActor(t.tenantId, 'test'));
    assert.deepEqual(report.divergences, []);
    for (const record of [`verification_check:${checkId}`, `special_measure:${measureId}`]) {
      const response = await get(`/v1/ledger/proofs/inclusion?record=${record}`);
      assert.equal(response.statusCode, 200, `${record}: ${response.body}`);
    }
  });

  it('proves a kept checkpoint consistent with a newer one, until the stored history is rewritten', async () => {
    const checkpoint = async () => (await get('/v1/ledger/checkpoint')).json<Checkpoint>();
    const grow = async () => {
      await submit();
      await t.services.ledger.runSequencer();
      return checkpoint();
    };
    const consistent = async (older: Checkpoint, newer: Checkpoint) => {
      const url = `/v1/ledger/proofs/consistency?from=${older.size}&to=${newer.size}`;
      const { proof } = (await get(url)).json<{ proof: string[] }>();
      const hashes = proof.map(b);
      return independentlyVerifyConsistency(older.size, newer.size, hashes, b(older.root), b(newer.root));
    };
    const kept = await checkpoint();
    const next = await grow();
    assert.ok(next.size > kept.size);
    assert.equal(await consistent(kept, next), true);
    // An insider rewrites every stored node under the kept checkpoint; the log then grows and is signed again.
    await rawSql(
      t.services.store,
      `UPDATE ledger_nodes SET hash = sha256(hash) WHERE (idx + 1) * (2 ^ level)::bigint <= ${next.size}`,
    );
    const after = await grow();
    assert.equal(await consistent(next, after), false);
    const report = await t.services.ledger.verify(operatorActor(t.tenantId, 'test'));
    assert.equal(report.ok, false);
  });
});
