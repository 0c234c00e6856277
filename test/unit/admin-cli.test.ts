import { describe, expect, it } from 'vitest';
import { defaultRegion, describeProblem } from '../../cli/backoffice-client.ts';
import { workingHours } from '../../cli/commands/shared.ts';

describe('the admin CLI’s arguments', () => {
  it('reads opening hours as day ranges, the days not named closed', () => {
    expect(workingHours('mon-fri 09:00-17:00; sat 09:00-13:00')).toEqual({
      sun: 'closed',
      mon: { open: '09:00', close: '17:00' },
      tue: { open: '09:00', close: '17:00' },
      wed: { open: '09:00', close: '17:00' },
      thu: { open: '09:00', close: '17:00' },
      fri: { open: '09:00', close: '17:00' },
      sat: { open: '09:00', close: '13:00' },
    });
  });

  it('reads a range across the weekend (Nepal: Sunday to Friday)', () => {
    const hours = workingHours('sun-fri 09:00-17:30') as Record<string, unknown>;
    expect(hours.sat).toBe('closed');
    expect(hours.sun).toEqual({ open: '09:00', close: '17:30' });
  });

  it('refuses hours it cannot read, saying what it expects', () => {
    expect(() => workingHours('weekdays 9-5')).toThrow(/like "mon-fri 09:00-17:00"/);
  });

  it("calls the console's region (the primary) unless told otherwise", () => {
    expect(
      defaultRegion({
        regions: {
          'ap-south-1': { backofficeApi: 'http://127.0.0.1:1/' },
          'ap-northeast-1': { backofficeApi: 'http://127.0.0.1:2/' },
        },
        console: 'http://127.0.0.1:2/console',
      }),
    ).toBe('ap-northeast-1');
  });

  it('prints a problem with each field and row at fault', () => {
    const text = describeProblem({
      status: 422,
      body: {
        title: 'The file has rows that cannot be imported',
        detail: '2 problems in the file',
        errors: [
          { row: 3, column: 'onHand', detail: 'onHand must be a whole number' },
          { pointer: '/name', detail: 'name must not be empty' },
        ],
      },
    });
    expect(text.split('\n')).toEqual([
      '422 The file has rows that cannot be imported: 2 problems in the file',
      '  row 3, onHand: onHand must be a whole number',
      '  /name: name must not be empty',
    ]);
  });
});
