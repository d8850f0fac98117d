/**
 * A value from a constant table by a key read from a list file. The key is attacker-controlled: a
 * plain `table[key]` answers "constructor" or "__proto__" with Object's own members.
 */
export function lookup<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
