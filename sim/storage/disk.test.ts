/**
 * The disk under faults: a slowdown stretches the writes started while it lasts (by the
 * product of the active factors), and a crash forgets every queued and in-service write, so
 * none of their completions fire, while the disk keeps serving new writes. A watched disk
 * reports each start, completion, queue change and crash loss, and serves exactly as it would
 * unwatched.
 */
import { describe, expect, it } from 'vitest';
import { Loop } from '../core/loop.ts';
import { Disk, type DiskJob, type DiskWatch } from './disk.ts';

/** A disk with a fixed latency and the times each named write completed at. */
function diskOf(latency: number, queueDepth = 8, watch?: DiskWatch) {
  const loop = new Loop();
  const disk = new Disk(loop, () => latency, queueDepth, watch);
  const done: [string, number][] = [];
  const write = (name: string) => disk.write({ name, done: (_job: DiskJob) => done.push([name, loop.now]) } as DiskJob);
  const at = (time: number, fn: () => void) => loop.at(time, fn);
  const run = () => loop.run({ until: Infinity, maxEvents: 1_000 });
  return { disk, write, at, run, done };
}

describe('disk slowdown', () => {
  it('multiplies the latency of writes started while it is active', () => {
    const d = diskOf(100);
    d.disk.addSlowdown(10);
    d.write('slow');
    d.run();
    expect(d.done).toEqual([['slow', 1_000]]);
  });

  it('stops multiplying at a million: a disk that slow is stopped, and the clock must hold its writes', () => {
    const d = diskOf(100);
    for (let i = 0; i < 20; i++) d.disk.addSlowdown(10);
    d.write('stopped');
    d.run();
    expect(d.done).toEqual([['stopped', 100_000_000]]);
  });

  it('multiplies overlapping factors, and each handle removes exactly its own', () => {
    const d = diskOf(100);
    const a = d.disk.addSlowdown(2);
    d.disk.addSlowdown(3);
    d.write('both');
    d.disk.removeSlowdown(a);
    d.write('one left');
    d.run();
    expect(d.done).toEqual([['one left', 300], ['both', 600]]);
  });

  it('leaves writes already in service alone, and ends cleanly', () => {
    const d = diskOf(100);
    d.write('before');
    const handle = d.disk.addSlowdown(5);
    d.write('during');
    d.disk.removeSlowdown(handle);
    d.write('after');
    d.run();
    expect(d.done).toEqual([['before', 100], ['after', 100], ['during', 500]]);
  });

  it('rounds a fractional product to whole microseconds', () => {
    const d = diskOf(3);
    d.disk.addSlowdown(1.5);
    d.write('w');
    d.run();
    expect(d.done).toEqual([['w', 5]]); // 4.5 rounds half up
  });

  it('refuses an unknown handle', () => {
    expect(() => diskOf(1).disk.removeSlowdown(42)).toThrow(/no slowdown 42/);
  });
});

describe('disk queue', () => {
  it('counts the writes waiting for a free slot', () => {
    const d = diskOf(100, 1);
    d.write('a');
    d.write('b');
    d.write('c');
    expect(d.disk.queued).toBe(2);
    d.disk.crash();
    expect(d.disk.queued).toBe(0);
  });
});

describe('disk crash', () => {
  it('drops queued and in-service writes: their completions never fire', () => {
    const d = diskOf(100, 1);
    d.write('in service');
    d.write('queued');
    d.at(50, () => d.disk.crash());
    d.run();
    expect(d.done).toEqual([]);
  });

  it('keeps serving writes issued after the crash, at full queue depth', () => {
    const d = diskOf(100, 1);
    d.write('lost');
    d.write('lost too');
    d.at(50, () => {
      d.disk.crash();
      d.write('first');
      d.write('second');
    });
    d.run();
    expect(d.done).toEqual([['first', 150], ['second', 250]]);
  });
});

describe('a watched disk', () => {
  /** What the watch heard, as lines; writes are told apart by the name their job carries. */
  function watched(latency: number, queueDepth: number) {
    const heard: string[] = [];
    const name = (job: DiskJob) => (job as DiskJob & { name: string }).name;
    const d = diskOf(latency, queueDepth, {
      started: (job, write) => heard.push(`start ${name(job)} #${write}`),
      done: (job) => heard.push(`done ${name(job)}`),
      queue: (waiting, inService) => heard.push(`queue ${waiting}/${inService}`),
      lost: (writes) => heard.push(`lost ${writes}`),
    });
    return { ...d, heard };
  }

  it('tells each start (numbered), completion and queue change, a completion before the next start in its slot', () => {
    const d = watched(100, 1);
    d.write('a');
    d.write('b');
    d.run();
    expect(d.heard).toEqual(['start a #1', 'queue 0/1', 'queue 1/1', 'done a', 'start b #2', 'queue 0/1', 'done b', 'queue 0/0']);
  });

  it('tells a crash the writes it dropped, and the empty queue', () => {
    const d = watched(100, 1);
    d.write('in service');
    d.write('queued');
    d.at(50, () => d.disk.crash());
    d.run();
    expect(d.heard.slice(-2)).toEqual(['lost 2', 'queue 0/0']);
    expect(d.heard).not.toContain('done in service');
  });

  it('serves the same writes at the same times as an unwatched disk', () => {
    const plain = diskOf(100, 2);
    const seen = watched(100, 2);
    for (const d of [plain, seen]) {
      for (const name of ['a', 'b', 'c', 'd', 'e']) d.write(name);
      d.at(150, () => d.disk.crash());
      d.at(160, () => d.write('f'));
      d.run();
    }
    expect(seen.done).toEqual(plain.done);
  });
});
