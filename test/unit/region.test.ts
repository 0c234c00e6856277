import { describe, expect, it } from 'vitest';
import {
  assertWritable,
  ForeignRegionWriteError,
  initialOwnerRecord,
  moveOwnership,
  StaleEpochError,
} from '../../domain/region.ts';

const itemKey = 'CLAIM#CLM-ap-south-1-01JD3ZQ6T8X1V9K2M4N5P6R7S8';

describe('assertWritable', () => {
  it('lets the home region write its own item and returns the epoch to stamp', () => {
    // Prepare
    const owner = initialOwnerRecord('ap-south-1');
    // Act
    const epoch = assertWritable({
      itemHomeRegion: 'ap-south-1',
      writerRegion: 'ap-south-1',
      owner,
      itemKey,
    });
    // Assess
    expect(epoch).toBe(1);
  });

  it('refuses another region, naming the region that owns the item', () => {
    // Prepare
    const owner = initialOwnerRecord('ap-south-1');
    // Act
    const attempt = () =>
      assertWritable({ itemHomeRegion: 'ap-south-1', writerRegion: 'eu-central-1', owner, itemKey });
    // Assess
    expect(attempt).toThrow(ForeignRegionWriteError);
    expect(attempt).toThrow(/owned by ap-south-1/);
    try {
      attempt();
    } catch (e) {
      expect(e).toMatchObject({ ownerRegion: 'ap-south-1', writerRegion: 'eu-central-1', itemKey });
    }
  });

  it('after a failover, lets the failover region write under the new epoch', () => {
    // Prepare
    const owner = moveOwnership(initialOwnerRecord('ap-south-1'), 'ap-northeast-1');
    // Act
    const epoch = assertWritable({
      itemHomeRegion: 'ap-south-1',
      writerRegion: 'ap-northeast-1',
      owner,
      itemKey,
    });
    // Assess
    expect(epoch).toBe(2);
  });

  it('after a failover, refuses the old home region', () => {
    const owner = moveOwnership(initialOwnerRecord('ap-south-1'), 'ap-northeast-1');
    expect(() =>
      assertWritable({ itemHomeRegion: 'ap-south-1', writerRegion: 'ap-south-1', owner, itemKey }),
    ).toThrow(/owned by ap-northeast-1/);
  });

  it('refuses a writer that started under an older epoch', () => {
    // Prepare: moved away and back, so the writer region matches again but the epoch does not
    const owner = moveOwnership(
      moveOwnership(initialOwnerRecord('ap-south-1'), 'ap-northeast-1'),
      'ap-south-1',
    );
    // Act
    const attempt = () =>
      assertWritable({
        itemHomeRegion: 'ap-south-1',
        writerRegion: 'ap-south-1',
        owner,
        itemKey,
        expectedEpoch: 1,
      });
    // Assess
    expect(attempt).toThrow(StaleEpochError);
    try {
      attempt();
    } catch (e) {
      expect(e).toMatchObject({ homeRegion: 'ap-south-1', expectedEpoch: 1, actualEpoch: 3 });
    }
  });

  it('refuses an owner record of another region as a wiring mistake', () => {
    const owner = initialOwnerRecord('eu-central-1');
    expect(() =>
      assertWritable({ itemHomeRegion: 'ap-south-1', writerRegion: 'eu-central-1', owner, itemKey }),
    ).toThrow(/owner record of eu-central-1/);
  });
});

describe('moveOwnership', () => {
  it('bumps the epoch and sets the writer', () => {
    expect(moveOwnership(initialOwnerRecord('eu-central-1'), 'ap-south-1')).toEqual({
      homeRegion: 'eu-central-1',
      writerRegion: 'ap-south-1',
      epoch: 2,
    });
  });

  it('does not bump the epoch when the region already writes (a retried runbook command)', () => {
    const owner = moveOwnership(initialOwnerRecord('eu-central-1'), 'ap-south-1');
    expect(moveOwnership(owner, 'ap-south-1')).toBe(owner);
  });
});
