import { describe, expect, it } from 'vitest';
import { replicaFreshness, stampingIntervalMs } from '../../domain/replica-freshness.ts';

const JP = 'ap-northeast-1';
const SOUTH = 'ap-south-1';
const EUROPE = 'eu-central-1';
const at = (s: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, s)).toISOString();
const now = (s: number) => new Date(at(s));

describe('replicaFreshness', () => {
  it('says nothing of a read in the region that writes the home region', () => {
    // Act
    const view = replicaFreshness({
      homeRegion: JP,
      writerRegion: JP,
      readIn: JP,
      clock: { writerRegion: JP, at: at(0) },
      now: now(50),
    });
    // Assess
    expect(view).toBeUndefined();
  });

  it('marks a replica fresh while the writer stamps on time, saying how much may be missing', () => {
    // Act
    const view = replicaFreshness({
      homeRegion: JP,
      writerRegion: JP,
      readIn: SOUTH,
      clock: { writerRegion: JP, at: at(20), previousAt: at(10) },
      now: now(34),
    });
    // Assess
    expect(view).toEqual({
      homeRegion: JP,
      writerRegion: JP,
      readIn: SOUTH,
      heardAt: at(20),
      behindBySeconds: 14,
      behind: false,
    });
  });

  it('marks a replica behind once the next stamp is more than twice the interval late', () => {
    // Act
    const view = replicaFreshness({
      homeRegion: JP,
      writerRegion: JP,
      readIn: SOUTH,
      clock: { writerRegion: JP, at: at(20), previousAt: at(10) },
      now: now(41),
    });
    // Assess
    expect(view).toMatchObject({ behind: true, behindBySeconds: 21 });
  });

  it('marks a replica behind when no stamp of the writer has reached it', () => {
    // Act
    const view = replicaFreshness({
      homeRegion: JP,
      writerRegion: JP,
      readIn: SOUTH,
      clock: undefined,
      now: now(0),
    });
    // Assess
    expect(view).toEqual({ homeRegion: JP, writerRegion: JP, readIn: SOUTH, behind: true });
  });

  it('marks a replica behind while its clock was stamped by the writer before an evacuation', () => {
    // Act: ap-south-1 is written in eu-central-1 now; the clock here is still ap-south-1's last stamp.
    const view = replicaFreshness({
      homeRegion: SOUTH,
      writerRegion: EUROPE,
      readIn: JP,
      clock: { writerRegion: SOUTH, at: at(20), previousAt: at(10) },
      now: now(21),
    });
    // Assess
    expect(view).toMatchObject({ homeRegion: SOUTH, writerRegion: EUROPE, behind: true });
  });
});

describe('stampingIntervalMs', () => {
  it('bounds the interval the clock shows, so a stamp after a long outage does not hide the next one', () => {
    // Assess
    expect(stampingIntervalMs({ writerRegion: JP, at: at(30), previousAt: at(0) })).toBe(30_000);
    expect(stampingIntervalMs({ writerRegion: JP, at: at(0), previousAt: at(0) })).toBe(1_000);
    expect(stampingIntervalMs({ writerRegion: JP, at: '2026-12-06T15:00:00.000Z', previousAt: at(0) })).toBe(
      120_000,
    );
    expect(stampingIntervalMs({ writerRegion: JP, at: at(0) })).toBe(120_000);
  });
});
