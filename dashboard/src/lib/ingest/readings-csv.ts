import type { MassUnit } from '@emissions/contracts';
import { isMassUnit, newRowId, type ReadingRow, type RowDefaults } from './reading-rows';

export interface CsvParseResult {
  rows: ReadingRow[];
  /** One message per line that could not be read, with its 1-based line number. */
  problems: string[];
}

const HEADER = /^\s*(sensor_id|measured_at|timestamp|value)\b/i;

/**
 * Reads pasted CSV lines. Accepted shapes, comma or semicolon separated:
 * `sensor_id,measured_at,value,unit`, `sensor_id,measured_at,value` (default unit), or
 * `measured_at,value` (default sensor and unit). A header line and blank lines are skipped.
 * Values are not validated here: the shared schema does that with the rest of the form.
 */
export function parseReadingsCsv(text: string, defaults: RowDefaults): CsvParseResult {
  const rows: ReadingRow[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim() || (i === 0 && HEADER.test(line))) return;
    const cells = line.split(/[,;\t]/).map((c) => c.trim());
    const row = rowFromCells(cells, defaults);
    if (typeof row === 'string') problems.push(`Line ${i + 1}: ${row}`);
    else rows.push(row);
  });
  return { rows, problems };
}

function rowFromCells(cells: string[], defaults: RowDefaults): ReadingRow | string {
  const make = (sensor_id: string, measured_at: string, value: string, unit: MassUnit): ReadingRow => ({
    id: newRowId(),
    sensor_id,
    measured_at,
    value,
    unit,
  });
  if (cells.length === 2) return make(defaults.sensor_id, cells[0], cells[1], defaults.unit);
  if (cells.length === 3) return make(cells[0], cells[1], cells[2], defaults.unit);
  if (cells.length === 4) {
    const unit = cells[3].toLowerCase();
    return isMassUnit(unit) ? make(cells[0], cells[1], cells[2], unit) : `unknown unit "${cells[3]}" (use kg, g, t or lb)`;
  }
  return `expected 2 to 4 columns, found ${cells.length}`;
}
