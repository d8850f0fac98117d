import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildScreeningIndex, type ScreeningIndex } from '../../../src/domain/screening/candidate-index.ts';
import type { ListSource } from '../../../src/domain/screening/entry.ts';
import { parseListFiles } from '../../../src/domain/screening/lists/index.ts';
import { screenName } from '../../../src/domain/screening/matcher.ts';
import type { ScreeningQuery } from '../../../src/domain/screening/query.ts';

// The real OFAC SDN and UN consolidated lists in ../shared/data/lists, so the matcher is tried on the
// names it will meet: "LAST, First" order, aliases, Arabic and Korean romanisations.
const LISTS = fileURLToPath(new URL('../../../../shared/data/lists/', import.meta.url));

function read(folder: string, source: ListSource) {
  const directory = path.join(LISTS, folder);
  const files = readdirSync(directory)
    .filter((name) => !name.startsWith('LICENSE'))
    .map((name) => ({ name, content: readFileSync(path.join(directory, name), 'utf8') }));
  const result = parseListFiles(source, files);
  assert.ok(result.ok, `${folder} should parse`);
  return result.entries;
}

let index: ScreeningIndex;
before(() => {
  index = buildScreeningIndex([...read('ofac-sdn', 'ofac-sdn'), ...read('un', 'un')]);
});

const topNames = (query: ScreeningQuery): string[] => {
  const result = screenName(index, query);
  assert.ok(result.ok);
  return result.matches.slice(0, 3).map((match) => match.entry.names[0]?.full ?? '');
};

describe('screenName on the SDN and UN lists', () => {
  it('returns nothing for ordinary names of people who are not listed', () => {
    for (const name of ['Emily Johnson', 'Lukas Becker', 'Sofia Rossi', 'Hiroshi Tanaka', 'Priya Sharma']) {
      assert.deepEqual(topNames({ name, type: 'person' }), [], name);
    }
  });

  it('finds listed people under a typo, a romanisation variant, given-name-first order or Cyrillic', () => {
    const cases: [string, RegExp][] = [
      ['Usama bin Ladin', /BIN LAD[EI]N, Usama/],
      ['Osama Bin Laden', /BIN LAD[EI]N, Usama/],
      ['Igor Setchin', /SECHIN, Igor/],
      ['Игорь Сечин', /SECHIN, Igor/],
      ['Kim Jong-Un', /KIM, Jong Un/],
      ['Ramzan Akhmatovich Kadyrov', /KADYROV, Ramzan/],
      ['Joaquin Guzman Loera', /GUZMAN LOERA, Joaquin/],
    ];
    for (const [name, expected] of cases) {
      const found = topNames({ name, type: 'person' });
      assert.ok(
        found.some((listed) => expected.test(listed)),
        `${name} → ${found.join(' | ')}`,
      );
    }
  });

  it('finds listed organisations under another legal form or spelling', () => {
    assert.ok(
      topNames({ name: 'Mahan Air Company', type: 'entity' }).some((listed) => /MAHAN AIR/.test(listed)),
    );
    assert.ok(topNames({ name: 'Bank Melli Iran', type: 'entity' }).some((listed) => /MELLI/.test(listed)));
    assert.ok(topNames({ name: 'Hizbollah', type: 'entity' }).some((listed) => /HIZBALLAH/.test(listed)));
  });
});
