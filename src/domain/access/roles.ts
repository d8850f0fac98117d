/**
 * Roles an API key (and later a console user) can hold, and what each may do. A role is a fixed set
 * of permissions so that "who may do X" is answered in one table, not in each route.
 */
export const ROLES = ['admin', 'analyst', 'reviewer', 'auditor', 'ingest', 'reseller'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'self:read',
  'tenants:read',
  'tenants:write',
  'api-keys:manage',
  'audit:read',
  'applications:read',
  'applications:write',
  'profiles:read',
  'profiles:write',
  'measures:read',
  'measures:write',
  'decisions:write',
  'webhooks:manage',
  'lists:read',
  'lists:write',
  'screening:run',
  'screening:review',
  'access-events:write',
  'access-events:read',
  'ledger:read',
  // Unmasked personal data of parties (names, dates of birth, contacts, identifiers). Without it the
  // API masks those fields; console users with it still reveal them one party at a time, with a purpose.
  'personal-data:read',
  'console-users:manage',
  // The personal-data keyring: status, rotation, retirement (operators, through the CLI).
  'keys:manage',
  // Legal holds stop retention from deleting a party's or an account's records (docs/retention.md).
  'legal-holds:read',
  'legal-holds:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  analyst: [
    'self:read',
    'tenants:read',
    'applications:read',
    'profiles:read',
    'measures:read',
    'lists:read',
    'screening:run',
    'access-events:read',
  ],
  reviewer: [
    'self:read',
    'tenants:read',
    'applications:read',
    'profiles:read',
    'measures:read',
    'decisions:write',
    'lists:read',
    'screening:run',
    'screening:review',
    'access-events:read',
    'personal-data:read',
    'legal-holds:read',
  ],
  auditor: [
    'self:read',
    'tenants:read',
    'audit:read',
    'applications:read',
    'profiles:read',
    'measures:read',
    'lists:read',
    'access-events:read',
    'ledger:read',
    'personal-data:read',
    // Compliance and legal staff answer preservation requests: they set and release holds.
    'legal-holds:read',
    'legal-holds:write',
  ],
  // Ingest keys post the access log and read nothing back.
  ingest: ['self:read', 'access-events:write'],
  // A reseller submits its own customers (into its own tenant) and reads their applications.
  reseller: ['self:read', 'applications:read', 'applications:write', 'profiles:read', 'personal-data:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
