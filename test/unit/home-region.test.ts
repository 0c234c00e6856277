import { describe, expect, it } from 'vitest';
import type { RegionOwners } from '../../domain/ports.ts';
import type { OwnerRecord } from '../../domain/region.ts';
import { assertServedHere } from '../../functions/lifecycle/home-region.ts';

/** Owner records as a region's cache holds them (`cached`) and as the table has them now (`stored`). */
function owners(cached: OwnerRecord, stored: OwnerRecord): RegionOwners & { freshReads: number } {
  return {
    freshReads: 0,
    async ownerOf(_home, options) {
      if (!options?.fresh) return cached;
      this.freshReads += 1;
      return stored;
    },
  };
}

const SOUTH = 'ap-south-1';
const JAPAN = 'ap-northeast-1';

describe('assertServedHere', () => {
  it('serves a partner in the region its cached owner record names, without a fresh read', async () => {
    const o = owners(
      { homeRegion: SOUTH, writerRegion: SOUTH, epoch: 1 },
      { homeRegion: SOUTH, writerRegion: SOUTH, epoch: 1 },
    );
    await expect(assertServedHere(o, SOUTH, SOUTH)).resolves.toBeUndefined();
    expect(o.freshReads).toBe(0);
  });

  it('serves the region evacuated here even while its cache still names the old writer', async () => {
    // Just evacuated to Japan: Japan's cache, read before the move, says South still writes.
    const o = owners(
      { homeRegion: SOUTH, writerRegion: SOUTH, epoch: 1 },
      { homeRegion: SOUTH, writerRegion: JAPAN, epoch: 2 },
    );
    await expect(assertServedHere(o, SOUTH, JAPAN)).resolves.toBeUndefined();
    expect(o.freshReads).toBe(1);
  });

  it('answers with the region that writes now, read fresh, never one a stale cache names', async () => {
    // Europe's cache still says Japan (an evacuation since failed back); South writes again.
    const o = owners(
      { homeRegion: SOUTH, writerRegion: JAPAN, epoch: 2 },
      { homeRegion: SOUTH, writerRegion: SOUTH, epoch: 3 },
    );
    await expect(assertServedHere(o, SOUTH, 'eu-central-1')).rejects.toMatchObject({
      name: 'WrongRegionError',
      homeRegion: SOUTH,
    });
  });
});
