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
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  analyst: ['self:read', 'tenants:read'],
  reviewer: ['self:read', 'tenants:read'],
  auditor: ['self:read', 'tenants:read', 'audit:read'],
  ingest: ['self:read'],
  reseller: ['self:read'],
};

export function roleAllows(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}
