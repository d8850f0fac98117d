/**
 * Third-party identity-verification vendors behind one interface. A check is started through the API;
 * the vendor later reports its result to `POST /v1/vendors/{vendor}/webhook`, signed with a secret
 * shared with that vendor. The webhook is the only way a vendor check passes, so its signature is the
 * trust boundary: an unsigned, stale or mis-signed body is refused before anything is read from it.
 */
export interface VendorSubject {
  type: 'individual' | 'entity';
  name: string;
  dateOfBirth?: string | undefined;
  country?: string | undefined;
}

export interface VendorCheckStarted {
  /** The vendor's id for the check; its webhook names it. */
  reference: string;
  /** Where to send the customer for a hosted flow (document capture, selfie), when the vendor has one. */
  redirectUrl?: string | undefined;
}

export type VendorResult =
  | { ok: true; reference: string; outcome: 'passed' | 'failed'; evidence: Record<string, unknown> }
  | { ok: false; reason: string };

export interface IdentityVendor {
  readonly name: string;
  startCheck(request: { checkId: string; subject: VendorSubject }): Promise<VendorCheckStarted>;
  /** Authenticates and reads a webhook from the raw bytes as received (a re-serialised body would not verify). */
  readWebhook(
    headers: Record<string, string | string[] | undefined>,
    rawBody: Buffer,
    now: Date,
  ): VendorResult;
  /** Fakes only: produces the signed webhook the vendor would send (tests and the demo). */
  signedWebhook?(
    reference: string,
    outcome: 'passed' | 'failed',
    at?: Date,
  ): { headers: Record<string, string>; body: string };
}
