/**
 * Disposable-email domains, from the `disposable-email-domains` package (≈120 000 names, MIT): exact
 * names in `index.json`, and `wildcard.json` for services that hand out any subdomain.
 *
 * The list is loaded on first use, not at import: it costs ~100 ms and a few MB, which processes that
 * never validate an email (workers, the CLI) should not pay.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface DisposableLists {
  exact: ReadonlySet<string>;
  wildcard: ReadonlySet<string>;
}

let lists: DisposableLists | undefined;

function loadLists(): DisposableLists {
  lists ??= {
    exact: new Set(require('disposable-email-domains') as string[]),
    wildcard: new Set(require('disposable-email-domains/wildcard.json') as string[]),
  };
  return lists;
}

/** `domain` is lower-case ASCII, as `validateEmail` produces it. */
export function isDisposableDomain(domain: string): boolean {
  const { exact, wildcard } = loadLists();
  if (exact.has(domain)) return true;
  const labels = domain.split('.');
  // A wildcard entry covers the name itself and every subdomain of it.
  for (let start = 0; start < labels.length - 1; start += 1) {
    if (wildcard.has(labels.slice(start).join('.'))) return true;
  }
  return false;
}
