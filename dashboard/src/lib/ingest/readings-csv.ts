import { isV2Unit, newRowId, type ReadingRow, type RowDefaults } from './reading-rows';

export interface CsvParseResult {
  rows: ReadingRow[];
  /** One message per line that could not be read, with its 1-based line number. */
  problems: string[];
}

type Column = 'sensor_id' | 'measured_at' | 'value' | 'unit' | 'duration_s';
const HEADER_NAMES: Record<string, Column> = {
  sensor_id: 'sensor_id',
  sensor: 'sensor_id',
  measured_at: 'measured_at',
  timestamp: 'measured_at',
  time: 'measured_at',
  value: 'value',
  unit: 'unit',
  duration_s: 'duration_s',
  duration: 'duration_s',
};
const SPLIT = /[,;\t]/;
const LOOKS_LIKE_TIME = /^\d{4}-\d{2}-\d{2}/;

/**
 * Reads CSV lines, comma, semicolon or tab separated. A header line names the columns (any order; `timestamp`
 * means `measured_at`; a `duration_s` column gives rate readings their seconds). Without one: `sensor_id,measured_at,value,unit`, `sensor_id,measured_at,value`,
 * `measured_at,value,unit` (told apart by the first cell being a date) or `measured_at,value`. Missing
 * columns take the defaults; blank lines are skipped. Values are validated later, with the shared schema.
 */
export function parseReadingsCsv(text: string, defaults: RowDefaults): CsvParseResult {
  const rows: ReadingRow[] = [];
  const problems: string[] = [];
  let header: Column[] | null = null;
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const cells = line.split(SPLIT).map((c) => c.trim());
    if (rows.length === 0 && problems.length === 0 && header === null && cells.some((c) => c.toLowerCase() in HEADER_NAMES)) {
      header = cells.map((c) => HEADER_NAMES[c.toLowerCase()]);
      if (header.some((c) => c === undefined))
        problems.push(`Line ${i + 1}: unknown column in the header (use ${Object.keys(HEADER_NAMES).join(', ')})`);
      return;
    }
    // A line with as many cells as the header follows it; any other line is read by its shape.
    const named = header && cells.length === header.length ? byHeader(header, cells) : byShape(cells);
    const row = typeof named === 'string' ? named : toRow(named, defaults);
    if (typeof row === 'string') problems.push(`Line ${i + 1}: ${row}`);
    else rows.push(row);
  });
  return { rows, problems };
}

type Named = Partial<Record<Column, string>>;

function byHeader(header: Column[], cells: string[]): Named {
  return Object.fromEntries(header.map((column, i) => [column, cells[i]]));
}

function byShape(cells: string[]): Named | string {
  if (cells.length === 2) return { measured_at: cells[0], value: cells[1] };
  if (cells.length === 3 && LOOKS_LIKE_TIME.test(cells[0])) return { measured_at: cells[0], value: cells[1], unit: cells[2] };
  if (cells.length === 3) return { sensor_id: cells[0], measured_at: cells[1], value: cells[2] };
  if (cells.length === 4) return { sensor_id: cells[0], measured_at: cells[1], value: cells[2], unit: cells[3] };
  return `expected 2 to 4 columns, found ${cells.length}`;
}

function toRow(named: Named, defaults: RowDefaults): ReadingRow | string {
  const unit = (named.unit ?? defaults.unit).toLowerCase();
  if (!isV2Unit(unit)) return `unknown unit "${named.unit}" (use kg, g, t, lb, kg/h or scf/h)`;
  return {
    id: newRowId(),
    sensor_id: named.sensor_id || defaults.sensor_id,
    measured_at: named.measured_at ?? '',
    value: named.value ?? '',
    unit,
    duration_s: named.duration_s ?? '',
  };
}
