import type { ListSource } from '../entry.ts';

export interface ExpectedFile {
  /** The publisher's file name; matched case-insensitively. */
  readonly name: string;
  readonly required: boolean;
  readonly description: string;
}

const ofacSet = (prefix: string, main: string, comments: string): readonly ExpectedFile[] => [
  { name: main, required: true, description: 'entries: ent_num, name, type, programs, vessel data, remarks' },
  { name: `${prefix}add.csv`, required: false, description: 'addresses by ent_num' },
  { name: `${prefix}alt.csv`, required: false, description: 'strong aliases (aka, fka, nka) by ent_num' },
  { name: comments, required: false, description: 'continuations of remarks too long for the main file' },
];

const FILES: Readonly<Record<ListSource, readonly ExpectedFile[]>> = {
  'ofac-sdn': ofacSet('', 'sdn.csv', 'sdn_comments.csv'),
  'ofac-consolidated': ofacSet('cons_', 'cons_prim.csv', 'cons_comments.csv'),
  un: [{ name: 'UN_consolidated.xml', required: true, description: 'UN Security Council consolidated list' }],
  'bis-dpl': [{ name: 'dpl.txt', required: true, description: 'BIS Denied Persons List, tab-separated' }],
  csl: [{ name: 'csl.csv', required: true, description: 'US Consolidated Screening List (trade.gov)' }],
  opensanctions: [
    {
      name: 'entities.ftm.json',
      required: true,
      description: 'FollowTheMoney entities, one JSON object a line',
    },
  ],
  eu: [
    {
      name: 'xmlFullSanctionsList_1_1.xml',
      required: true,
      description: 'EU consolidated financial sanctions list (FSF XML 1.1)',
    },
  ],
  uk: [{ name: 'ConList.csv', required: true, description: 'OFSI consolidated list of targets' }],
  'deny-list': [
    {
      name: 'deny-list.csv',
      required: true,
      description: 'the provider deny list, as CSV or JSON (any name)',
    },
  ],
};

/** The files an import of `source` reads. A single-file source accepts its one file under any name. */
export function expectedFiles(source: ListSource): readonly ExpectedFile[] {
  return FILES[source];
}
