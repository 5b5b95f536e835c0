import { Table, TableBody, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import type { ReactNode } from 'react';

/**
 * A console table: named by its heading (`labelledBy`, for screen readers), a header row of plain
 * column names, then the rows given as children. (The status board's sortable header is its own.)
 */
export function DataTable(props: {
  labelledBy: string;
  testId: string;
  columns: string[];
  children: ReactNode;
}) {
  return (
    <Table aria-labelledby={props.labelledBy} data-testid={props.testId}>
      <TableHeader>
        <TableRow>
          {props.columns.map((column) => (
            <TableHeaderCell key={column}>{column}</TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>{props.children}</TableBody>
    </Table>
  );
}
