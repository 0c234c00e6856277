import { afterEach, describe, expect, it, vi } from 'vitest';
import { metricsIn } from '../../functions/shared/business-metrics.ts';

/** The EMF lines Powertools wrote to stdout while `act` ran. */
function emfWrittenBy(act: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

afterEach(() => vi.restoreAllMocks());

describe('business metrics', () => {
  it('publishes what was counted as one EMF record, per region, in the app namespace', () => {
    // Prepare
    const metrics = metricsIn('ap-south-1', { namespace: 'claimflow-test' });
    metrics.count('ClaimFiled');
    metrics.count('ClaimFiled');
    metrics.count('EmailSent');
    // Act
    const [record, ...more] = emfWrittenBy(() => metrics.publish());
    // Assess
    expect(more).toEqual([]);
    // A count added twice is two data points (CloudWatch's Sum is 2).
    expect(record).toMatchObject({ region: 'ap-south-1', ClaimFiled: [1, 1], EmailSent: 1 });
    const [directive] = (record as { _aws: { CloudWatchMetrics: Record<string, unknown>[] } })._aws
      .CloudWatchMetrics;
    expect(directive).toMatchObject({ Namespace: 'claimflow-test' });
    expect(directive?.Dimensions).toEqual([expect.arrayContaining(['region'])]);
    expect(directive?.Metrics).toEqual(
      expect.arrayContaining([
        { Name: 'ClaimFiled', Unit: 'Count' },
        { Name: 'EmailSent', Unit: 'Count' },
      ]),
    );
  });

  it('writes nothing, not even a warning, for an invocation that counted nothing', () => {
    // Prepare
    const metrics = metricsIn('eu-central-1');
    const warn = vi.spyOn(console, 'warn');
    // Act
    const written = emfWrittenBy(() => metrics.publish());
    // Assess
    expect(written).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('starts from nothing after a publish: counts are per invocation', () => {
    // Prepare
    const metrics = metricsIn('ap-northeast-1');
    metrics.count('ClaimSettled');
    emfWrittenBy(() => metrics.publish());
    // Act
    metrics.count('ClaimAutoApproved');
    const [record] = emfWrittenBy(() => metrics.publish());
    // Assess
    expect(record).toMatchObject({ ClaimAutoApproved: 1 });
    expect(record).not.toHaveProperty('ClaimSettled');
  });
});
