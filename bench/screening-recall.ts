/** Recall of listed names distorted by seeded noise: does the entry come back at the review threshold? */
import type { ScreeningIndex } from '../src/domain/screening/candidate-index.ts';
import { screenName } from '../src/domain/screening/matcher.ts';
import { distort, NOISE_KINDS, type NoiseKind } from './screening-noise.ts';
import { pick } from './screening-names.ts';

export interface NoiseFigures {
  readonly samples: number;
  readonly recall: number;
  readonly recallTop1: number;
  readonly byKind: Readonly<Record<string, { samples: number; recall: number }>>;
}

/** SDN and UN primary names of persons and entities, sampled with the seeded generator. */
export function measureNoiseRecall(
  index: ScreeningIndex,
  random: () => number,
  samples: number,
): { figures: NoiseFigures; queries: string[] } {
  const pool = index.entries
    .map((entry, position) => ({ entry, position }))
    .filter(({ entry }) => (entry.source === 'ofac-sdn' || entry.source === 'un') && entry.type !== 'vessel');
  const perKind = new Map<NoiseKind, { samples: number; found: number }>();
  const queries: string[] = [];
  let found = 0;
  let top1 = 0;
  for (let i = 0; i < samples && pool.length > 0; i++) {
    const { entry } = pick(random, pool);
    const kind = NOISE_KINDS[i % NOISE_KINDS.length] as NoiseKind;
    const listed = entry.names[0]?.full ?? '';
    const query = distort(listed, kind, random, entry.type === 'person');
    queries.push(query);
    const result = screenName(index, { name: query, type: entry.type });
    const matches = result.ok ? result.matches : [];
    const hit = matches.findIndex(
      (match) => match.source === entry.source && match.entryId === entry.entryId,
    );
    const tally = perKind.get(kind) ?? { samples: 0, found: 0 };
    tally.samples += 1;
    if (hit >= 0) {
      found += 1;
      tally.found += 1;
    }
    // Top-1 counts a tie with an identical name of another entry (SDN and its older release) as found.
    if (hit >= 0 && matches[hit]?.score === matches[0]?.score) top1 += 1;
    perKind.set(kind, tally);
  }
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const byKind = Object.fromEntries(
    [...perKind].map(([kind, tally]) => [
      kind,
      { samples: tally.samples, recall: round(tally.found / tally.samples) },
    ]),
  );
  const total = Math.max(1, queries.length);
  return {
    figures: {
      samples: queries.length,
      recall: round(found / total),
      recallTop1: round(top1 / total),
      byKind,
    },
    queries,
  };
}
