// Bounds on what a list file may contain. List files arrive over the network and are parsed in process,
// so a corrupted or hostile file must fail as a parse issue instead of exhausting memory or flooding
// the reviewer with thousands of identical complaints.

/** The longest single value (CSV field, XML text or attribute, JSON string) any importer accepts. */
export const MAX_FIELD_CHARS = 65_536;

/** The longest name: the longest real names (UN, EU entity names) are a few hundred characters. */
export const MAX_NAME_CHARS = 2_000;

/** The longest line of a JSON-lines file (one OpenSanctions entity with all its properties). */
export const MAX_JSON_LINE_CHARS = 5_000_000;

/** Past this many issues a file is plainly the wrong file; listing more helps nobody. */
export const MAX_ISSUES = 100;
