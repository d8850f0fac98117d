/**
 * How `apply --batch` reports while it runs: a progress bar on stderr when a person watches (stderr is
 * a terminal and the output is not --json), each rejected line on stderr as it happens, and nothing
 * with --json (the summary on stdout lists the rejected lines).
 */
import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { BatchProgress, Rejection } from './batch.ts';

export function describeRejection(r: Rejection): string[] {
  return [
    `line ${r.line}: error[${r.code}]: ${r.message}`,
    ...r.errors.map((p) => `  ${p.path ?? p.field}  ${p.code}: ${p.message}`),
  ];
}

export function createBatchProgress(options: { json: boolean; terminal: boolean }): BatchProgress {
  if (options.json) return { start: () => undefined, line: () => undefined, stop: () => undefined };
  if (!options.terminal) {
    return {
      start: () => undefined,
      line: (outcome) => {
        if (!outcome.ok) process.stderr.write(`${describeRejection(outcome).join('\n')}\n`);
      },
      stop: () => undefined,
    };
  }
  return barProgress();
}

/** How often the bar is redrawn, at most. */
const REDRAW_MS = 100;

function barProgress(): BatchProgress {
  // A MultiBar (of one bar) because it can print lines above the bar without breaking it.
  const bars = new MultiBar(
    {
      stream: process.stderr,
      format: '{bar} {percentage}% | {lines} lines, {rejected} rejected | {rate}/s | ETA {eta_formatted}',
      barsize: 30,
      etaBuffer: 200,
      clearOnComplete: false,
    },
    Presets.shades_classic,
  );
  let bar: SingleBar | undefined;
  let drawnAt = 0;
  // The bar redraws on a timer, but on PGlite a batch runs in microtasks and timers seldom get a
  // turn: redraw from here too (throttled), and at once when there is a rejected line to print.
  const redraw = (now: boolean) => {
    const time = performance.now();
    if (!now && time - drawnAt < REDRAW_MS) return;
    drawnAt = time;
    bars.update();
  };
  return {
    start: (totalBytes) => {
      bar = bars.create(Math.max(totalBytes, 1), 0, { lines: 0, rejected: 0, rate: '-' });
    },
    line: (outcome, bytesDone, s) => {
      if (!outcome.ok) bars.log(`${describeRejection(outcome).join('\n')}\n`);
      const rate = s.seconds === 0 ? '-' : (s.total / s.seconds).toFixed(1);
      bar?.update(Math.min(bytesDone, bar.getTotal()), { lines: s.total, rejected: s.rejected, rate });
      redraw(!outcome.ok);
    },
    stop: (completed) => {
      if (completed && bar !== undefined) bar.update(bar.getTotal());
      bars.update();
      bars.stop();
    },
  };
}
