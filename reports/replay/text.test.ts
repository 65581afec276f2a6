/**
 * The replay text: the last events, then the state; compact by default (a line per PG, only
 * the segments off their PG's norm), every segment with verbose.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { ReplayFold, type Fields } from './state.ts';
import { offNorm, renderReplayText, type ReplayView } from './text.ts';

const plain = new Chalk({ level: 0 });
type Event = { readonly t: number; readonly kind: string } & Fields;

const events: Event[] = [
  { t: 0, kind: 'writer.open', host: 0, epoch: 1 },
  { t: 10, kind: 'pgcl', pg: 0, lsn: 20, epoch: 1 },
  ...[0, 1, 2, 3, 4].map((segment) => ({ t: 10, kind: 'scl', pg: 0, segment, lsn: 20 })),
  { t: 11, kind: 'scl', pg: 0, segment: 5, lsn: 12 },
  { t: 12, kind: 'fault', text: 'start crash writer' },
  { t: 12, kind: 'recovery.start', host: 0, epoch: 2 },
];

function view(): ReplayView {
  const fold = new ReplayFold({ protectionGroups: 1, segmentsPerPg: 6 });
  for (const e of events) fold.apply(e.t, e.kind, e);
  const shown = events.slice(-2).map((event, i) => ({ index: events.length - 2 + i, event }));
  return { scenario: 'tiny', seed: 7, asked: '--to-event 9', state: fold.state(), events: shown };
}

describe('the replay text', () => {
  const text = renderReplayText(view(), { chalk: plain, verbose: false, hostName: (id) => (id === 0 ? 'writer' : undefined) });

  it('opens with the point, then the last events', () => {
    expect(text.split('\n').slice(0, 5)).toEqual([
      'tiny, seed 7: the state after event #9 (t=0.000012 s; --to-event 9)',
      '',
      'the last 2 events:',
      '  #8  t=0.000012 s  fault  start crash writer',
      '  #9  t=0.000012 s  recovery.start  host=0 epoch=2',
    ]);
  });

  it('gives the writer its host, epoch and phase, and the faults aimed at it', () => {
    expect(text).toContain('writer     host 0 (writer), epoch 2: reading since t=0.000012 s');
    expect(text).toContain('           under crash writer since t=0.000012 s');
    expect(text).toContain('as of its last event: the trace has no line for a process stopping');
  });

  it('summarizes each PG on a line and lists only the segments off its norm', () => {
    expect(text).toContain('  pg 0  PGCL 20 (epoch 1)  SCL 12..20  epoch 1  members 0 1 2 3 4 5 (membership epoch 1)');
    expect(text).toContain('  pg 0 segment 5  SCL 12  epoch 1  truncations 0  intact  member  <- 8 behind PGCL');
    expect(text).not.toContain('pg 0 segment 0');
  });

  it('lists every segment with verbose', () => {
    const verbose = renderReplayText(view(), { chalk: plain, verbose: true });
    for (const segment of [0, 1, 2, 3, 4, 5]) expect(verbose).toContain(`pg 0 segment ${segment}  SCL`);
  });
});

describe("a segment's norm", () => {
  const pg = view().state.pgs[0]!;
  it('is to be a settled, intact member on its PG’s newest epoch, holding what the writer’s PGCL says a quorum holds', () => {
    expect(offNorm(pg, pg.segments[0]!)).toEqual([]);
    expect(offNorm(pg, pg.segments[5]!)).toEqual(['8 behind PGCL']);
    expect(offNorm(pg, { ...pg.segments[0]!, status: 'wiped', epoch: null, role: 'leaving', partner: 6 })).toEqual(['leaving', 'wiped', 'epoch unknown, not 1']);
  });
});
