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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  analyst: ['self:read', 'tenants:read', 'applications:read', 'profiles:read', 'measures:read'],
  reviewer: [
    'self:read',
    'tenants:read',
    'applications:read',
    'profiles:read',
    'measures:read',
    'decisions:write',
  ],
  auditor: ['self:read', 'tenants:read', 'audit:read', 'applications:read', 'profiles:read', 'measures:read'],
  ingest: ['self:read'],
  // A reseller submits its own customers (into its own tenant) and reads their applications.
  reseller: ['self:read', 'applications:read', 'applications:write', 'profiles:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
