import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { compareNames } from '../../../src/domain/screening/compare.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../../../src/domain/screening/matcher.ts';

// 826 labelled name pairs (nomenklatura's matcher checks and unit tests, synthetic people and
// companies, customer cases; see ../shared/data/matching/LICENSE.nomenklatura). The best published
// open rule-based matcher reaches about 0.79 F1 on names alone.
const CASES = fileURLToPath(
  new URL('../../../../shared/data/matching/name_bench_cases.csv', import.meta.url),
);

/** Measured 0.907 (P 0.944, R 0.873) when written; the floor leaves room for unrelated rounding, not for regressions. */
const F1_FLOOR = 0.89;

describe('compareNames on the labelled name-pair benchmark', () => {
  it(`reaches F1 ≥ ${F1_FLOOR} at the default review threshold, schema deciding person or entity`, (t) => {
    const rows = parse<Record<string, string>>(readFileSync(CASES, 'utf8'), { columns: true });
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const row of rows) {
      const result = compareNames(row.name1 ?? '', row.name2 ?? '', {
        type: row.schema === 'Person' ? 'person' : 'entity',
      });
      const predicted = result.ok && result.score >= DEFAULT_REVIEW_THRESHOLD;
      const labelled = row.is_match === 'true';
      if (predicted && labelled) truePositives += 1;
      else if (predicted) falsePositives += 1;
      else if (labelled) falseNegatives += 1;
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    const f1 = (2 * precision * recall) / (precision + recall);
    t.diagnostic(
      `${rows.length} pairs: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}, F1 ${f1.toFixed(3)}`,
    );
    assert.ok(rows.length >= 800, `expected the full file, read ${rows.length} rows`);
    assert.ok(f1 >= F1_FLOOR, `F1 ${f1.toFixed(3)} below ${F1_FLOOR}`);
  });
});
