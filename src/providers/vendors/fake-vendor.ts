/**
 * A stand-in identity vendor for tests, the demo and local development. It behaves like a real one at
 * the boundary that matters: it hands out references, and its results arrive as webhooks signed with
 * HMAC-SHA256 over `timestamp.body` (the scheme most vendors use), with a replay window. It decides
 * nothing itself: a test or the demo says what the result is by producing a signed webhook.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type {
  IdentityVendor,
  VendorCheckStarted,
  VendorResult,
  VendorSubject,
} from '../../services/vendors.ts';

export const FAKE_VENDOR_SIGNATURE_HEADER = 'x-fake-vendor-signature';
const TOLERANCE_SECONDS = 300;

export class FakeVendor implements IdentityVendor {
  readonly name = 'fake';
  /** What the vendor was asked to check, by reference (tests look here). */
  readonly started = new Map<string, { checkId: string; subject: VendorSubject }>();

  constructor(private readonly secret: string) {}

  async startCheck(request: { checkId: string; subject: VendorSubject }): Promise<VendorCheckStarted> {
    const reference = `fake_${randomBytes(9).toString('base64url')}`;
    this.started.set(reference, request);
    return { reference, redirectUrl: `https://vendor.invalid/verify/${reference}` };
  }

  /** The webhook the vendor would send for a finished check. */
  signedWebhook(
    reference: string,
    outcome: 'passed' | 'failed',
    at: Date = new Date(),
    checks: Record<string, unknown> = { document: outcome, liveness: outcome },
  ): { headers: Record<string, string>; body: string } {
    const body = JSON.stringify({
      reference,
      status: outcome === 'passed' ? 'approved' : 'declined',
      checks,
      completedAt: at.toISOString(),
    });
    const timestamp = Math.floor(at.getTime() / 1000);
    const signature = `t=${timestamp},v1=${this.mac(`${timestamp}.${body}`)}`;
    return {
      headers: { 'content-type': 'application/json', [FAKE_VENDOR_SIGNATURE_HEADER]: signature },
      body,
    };
  }

  readWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
    now: Date,
  ): VendorResult {
    const header = headers[FAKE_VENDOR_SIGNATURE_HEADER];
    const fields = new Map(
      (typeof header === 'string' ? header : '')
        .split(',')
        .map((part) => part.split('=', 2) as [string, string]),
    );
    const timestamp = fields.get('t');
    const given = fields.get('v1');
    if (timestamp === undefined || given === undefined || !/^\d{1,12}$/.test(timestamp))
      return { ok: false, reason: 'the signature header is missing or malformed' };
    if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TOLERANCE_SECONDS)
      return { ok: false, reason: 'the signature is outside the replay window' };
    const expected = Buffer.from(this.mac(`${timestamp}.${rawBody.toString('utf8')}`));
    const actual = Buffer.from(given);
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected))
      return { ok: false, reason: 'the signature does not match' };
    return parseResult(rawBody);
  }

  private mac(content: string): string {
    return createHmac('sha256', this.secret).update(content).digest('hex');
  }
}

function parseResult(rawBody: Buffer): VendorResult {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, reason: 'the body is not JSON' };
  }
  const { reference, status, checks } = (body ?? {}) as {
    reference?: unknown;
    status?: unknown;
    checks?: unknown;
  };
  if (typeof reference !== 'string' || (status !== 'approved' && status !== 'declined'))
    return { ok: false, reason: 'the body has no reference or status' };
  return {
    ok: true,
    reference,
    outcome: status === 'approved' ? 'passed' : 'failed',
    evidence: { vendorStatus: status, checks: typeof checks === 'object' ? checks : null },
  };
}
