export interface Column<Row> {
  header: string;
  value: (row: Row) => string | number | null | undefined;
}

/** Seconds are precise enough for operators and keep the tables narrow. */
export function formatDate(date: Date | null | undefined): string | null {
  return date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : null;
}

/** Plain-text table with left-aligned columns; empty cells show as "-". */
export function formatTable<Row>(rows: Row[], columns: Column<Row>[]): string {
  const cells = rows.map((row) => columns.map((column) => {
    const value = column.value(row);
    return value === null || value === undefined || value === "" ? "-" : String(value);
  }));
  const headers = columns.map((column) => column.header);
  const widths = headers.map((header, index) => Math.max(header.length, ...cells.map((line) => line[index]!.length)));
  const format = (line: string[]) => line.map((cell, index) => cell.padEnd(widths[index]!)).join("  ").trimEnd();
  return [format(headers), ...cells.map(format)].join("\n");
}

/** Prints rows as JSON for scripts, else as a table (or a note that there is nothing to show). */
export function printRows<Row>(rows: Row[], columns: Column<Row>[], options: { json: boolean; emptyMessage: string }): void {
  if (options.json) {
    console.log(JSON.stringify(rows, null, 2));
  } else if (rows.length === 0) {
    console.log(options.emptyMessage);
  } else {
    console.log(formatTable(rows, columns));
  }
}
