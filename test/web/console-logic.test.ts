/** The logic that lives in the console: chart data shaping and which buttons a role gets. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role, Session } from '../../web/src/api.ts';
import { pivot } from '../../web/src/chart-data.ts';
import { can } from '../../web/src/session.ts';

const as = (role: Role): Session => ({
  user: { id: 'u', tenantId: 't', email: 'e@example.com', name: 'n', role },
  csrfToken: 'x',
});

describe('console logic', () => {
  it('shows no action to an analyst or a signed-out visitor', () => {
    for (const what of ['decide', 'review-hits', 'reveal', 'audit'] as const) {
      assert.equal(can(as('analyst'), what), false, what);
      assert.equal(can(null, what), false, what);
    }
  });

  it('lets a reviewer decide, review hits and reveal, an auditor reveal and read the audit trail', () => {
    assert.deepEqual(
      (['decide', 'review-hits', 'reveal', 'audit'] as const).map((w) => [
        can(as('reviewer'), w),
        can(as('auditor'), w),
      ]),
      [
        [true, false],
        [true, false],
        [true, true],
        [false, true],
      ],
    );
  });

  it('pivots (day, outcome, count) rows into stacked-bar rows, summing repeats', () => {
    const rows = [
      { day: '11-29', outcome: 'approved', count: 2 },
      { day: '11-29', outcome: 'denied', count: 1 },
      { day: '11-30', outcome: 'approved', count: 3 },
      { day: '11-30', outcome: 'approved', count: 1 },
    ];
    assert.deepEqual(
      pivot(
        rows,
        (r) => r.day,
        (r) => r.outcome,
        (r) => r.count,
      ),
      {
        data: [
          { x: '11-29', approved: 2, denied: 1 },
          { x: '11-30', approved: 4 },
        ],
        keys: ['approved', 'denied'],
      },
    );
  });
});
