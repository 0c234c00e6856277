import { stringify } from 'csv-stringify/sync';
import {
  RECOVERY_CSV_COLUMNS,
  type RecoveryLine,
  recoveryCsvRow,
} from '../../domain/quality/supplier-recovery.ts';
import type { RouteAnswer } from '../shared/partner-route.ts';

/**
 * The chargeback file of a supplier-recovery report: RFC 4180 CSV (CRLF, a header row), one row per
 * approved claim line, named for the supplier and the months. Cells a spreadsheet would run as a
 * formula (=, +, -, @ first) are escaped, since supplier names and notes come from people.
 */
export function chargebackFile(report: {
  supplier?: string;
  months: { from: string; to: string };
  lines: readonly RecoveryLine[];
}): RouteAnswer {
  const csv = stringify(report.lines.map(recoveryCsvRow), {
    header: true,
    columns: [...RECOVERY_CSV_COLUMNS],
    record_delimiter: 'windows',
    escape_formulas: true,
  });
  const who = (report.supplier ?? 'all-suppliers').replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80);
  return {
    status: 200,
    body: csv,
    mediaType: 'text/csv; charset=utf-8',
    headers: {
      'content-disposition': `attachment; filename="supplier-recovery-${who}-${report.months.from}-${report.months.to}.csv"`,
    },
  };
}
