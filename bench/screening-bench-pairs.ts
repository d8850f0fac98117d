/** Precision, recall and F1 of compareNames on the labelled name pairs (OpenSanctions/nomenklatura cases and more). */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { compareNames } from '../src/domain/screening/compare.ts';
import type { EntryType } from '../src/domain/screening/entry.ts';
import { DEFAULT_REVIEW_THRESHOLD } from '../src/domain/screening/matcher.ts';

export interface NameBenchFigures {
  readonly pairs: number;
  readonly threshold: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly truePositives: number;
  readonly falsePositives: number;
  readonly falseNegatives: number;
}

export interface NamePair {
  readonly schema: string;
  readonly name1: string;
  readonly name2: string;
  readonly isMatch: boolean;
}

export function readNamePairs(file: string): NamePair[] {
  const rows = parse<Record<string, string>>(readFileSync(file, 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  });
  return rows.map((row) => ({
    schema: row.schema ?? '',
    name1: row.name1 ?? '',
    name2: row.name2 ?? '',
    isMatch: row.is_match === 'true',
  }));
}

/** The FollowTheMoney schema of the pair: Person is a person, every other schema an entity. */
export const typeOfSchema = (schema: string): EntryType => (schema === 'Person' ? 'person' : 'entity');

export function scorePairs(
  pairs: readonly NamePair[],
  threshold = DEFAULT_REVIEW_THRESHOLD,
): NameBenchFigures {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const pair of pairs) {
    const result = compareNames(pair.name1, pair.name2, { type: typeOfSchema(pair.schema) });
    const predicted = result.ok && result.score >= threshold;
    if (predicted && pair.isMatch) truePositives += 1;
    else if (predicted) falsePositives += 1;
    else if (pair.isMatch) falseNegatives += 1;
  }
  const precision = truePositives / Math.max(1, truePositives + falsePositives);
  const recall = truePositives / Math.max(1, truePositives + falseNegatives);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  return {
    pairs: pairs.length,
    threshold,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1),
    truePositives,
    falsePositives,
    falseNegatives,
  };
}

export function evaluateNameBench(file: string): NameBenchFigures {
  return scorePairs(readNamePairs(file));
}
