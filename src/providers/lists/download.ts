/**
 * Downloading the lists from their publishers for `gatehouse lists update`. The official addresses are
 * the defaults; GATEHOUSE_LIST_URLS replaces them per list (a mirror, a proxy, a test server). A list
 * whose download fails is reported and left alone: its last good version stays active.
 */
import path from 'node:path';
import type { ListSource } from '../../domain/screening/entry.ts';
import type { ListFile } from '../../domain/screening/lists/index.ts';

const OFAC = 'https://www.treasury.gov/ofac/downloads';

/** The publishers' own addresses. The EU list needs a personal token, so it has no default. */
export const OFFICIAL_LIST_URLS: Readonly<Partial<Record<ListSource, readonly string[]>>> = {
  'ofac-sdn': ['sdn.csv', 'add.csv', 'alt.csv', 'sdn_comments.csv'].map((f) => `${OFAC}/${f}`),
  'ofac-consolidated': ['cons_prim.csv', 'cons_add.csv', 'cons_alt.csv', 'cons_comments.csv'].map(
    (f) => `${OFAC}/consolidated/${f}`,
  ),
  un: ['https://scsanctions.un.org/resources/xml/en/consolidated.xml'],
  'bis-dpl': ['https://www.bis.doc.gov/dpl/dpl.txt'],
  csl: ['https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv'],
  uk: ['https://ofsistorage.blob.core.windows.net/publishlive/2022format/ConList.csv'],
};

export type DownloadResult = { ok: true; files: ListFile[] } | { ok: false; reason: string };

export async function downloadList(urls: readonly string[], timeoutMs = 120_000): Promise<DownloadResult> {
  const files: ListFile[] = [];
  for (const url of urls) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) return { ok: false, reason: `${url} answered HTTP ${response.status}` };
      files.push({
        name: path.posix.basename(new URL(url).pathname) || 'list',
        content: await response.text(),
      });
    } catch (error) {
      return {
        ok: false,
        reason: `${url} could not be fetched (${error instanceof Error ? error.message : 'error'})`,
      };
    }
  }
  return { ok: true, files };
}
