/**
 * Action kinds of the access log and their stored codes. A code is what the row holds (a smallint,
 * not a repeated string); codes are never reused or renumbered, only appended.
 */
export const ACTION_CODES = {
  login: 1,
  logout: 2,
  api: 3,
  console: 4,
  admin: 5,
  ssh: 6,
  rdp: 7,
  serial_console: 8,
  other: 99,
} as const;

export type AccessAction = keyof typeof ACTION_CODES;

export const ACCESS_ACTIONS = Object.keys(ACTION_CODES) as AccessAction[];

const ACTION_BY_CODE = new Map<number, AccessAction>(
  ACCESS_ACTIONS.map((action) => [ACTION_CODES[action], action]),
);

export function isAccessAction(value: string): value is AccessAction {
  return Object.hasOwn(ACTION_CODES, value);
}

export function actionOfCode(code: number): AccessAction {
  return ACTION_BY_CODE.get(code) ?? 'other';
}
