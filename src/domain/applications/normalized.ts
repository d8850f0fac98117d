/**
 * An application after validation: identifiers in canonical form, card numbers reduced to their
 * keyed fingerprint, MRZ reduced to "verified against the typed fields". This is what a party version
 * stores and what the determination reads.
 */
import type { z } from 'zod';
import type { AddressSchema, DocumentSchema, NameSchema } from './input.ts';

/** A problem or a warning about one field, named by its path in the request body. */
export interface Finding {
  path: string;
  code: string;
  message: string;
}

export interface NormalizedEmail {
  address: string;
  domain: string;
  disposable: boolean;
}

export interface NormalizedPhone {
  e164: string;
  country: string | null;
  type: string;
}

export type NormalizedDocument = Omit<z.infer<typeof DocumentSchema>, 'mrz'> & {
  /** The MRZ parsed with every check digit and agreed with the typed fields. */
  mrzVerified: boolean;
  mrzNationality?: string | null;
};

export interface NormalizedPerson {
  name: z.infer<typeof NameSchema>;
  dateOfBirth: string | undefined;
  citizenship: string[];
  address: z.infer<typeof AddressSchema> | undefined;
  nationalIds: Array<{ country: string; number: string; type: string | null; validated: boolean }>;
  documents: NormalizedDocument[];
  emails: NormalizedEmail[];
  phones: NormalizedPhone[];
}

interface PaymentCommon {
  holderName: string | undefined;
  source: string | undefined;
  billingCountry: string | undefined;
  customerId: string | undefined;
}

export type NormalizedPayment = PaymentCommon &
  (
    | {
        type: 'card';
        card: { fingerprint: string; last4: string; network: string; bin: string } | undefined;
        expiry: string | undefined;
      }
    | { type: 'iban'; iban: string | undefined; ibanCountry: string | undefined; last4: string | undefined }
    | {
        type: 'bank_account';
        accountNumber: string;
        routingNumber: string | undefined;
        country: string;
        last4: string;
      }
    | { type: 'crypto_wallet'; network: string; address: string }
    | { type: 'invoice'; reference: string | undefined }
  );

export type NormalizedApplication =
  | { type: 'individual'; person: NormalizedPerson; payments: NormalizedPayment[] }
  | {
      type: 'entity';
      contact: { emails: NormalizedEmail[]; phones: NormalizedPhone[] };
      owners: NormalizedPerson[];
      signatories: NormalizedPerson[];
      payments: NormalizedPayment[];
    };
