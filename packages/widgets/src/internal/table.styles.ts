import { css } from 'lit';
import { visuallyHidden } from './ui.styles.js';

/**
 * A data table (a prescription's drugs, a lab report's results): full width, rows ruled, column
 * headers muted; `.num` aligns a number column. In a `.table-wrap`, a narrow screen (a phone)
 * shows each row as a small card instead of columns that do not fit (a lab result's "↑↑ 危急偏高"
 * was cut off at the screen's edge): two columns, the row's heading and the first number on top,
 * the other cells below in order; a cell's `data-label` is shown before it; the element places
 * its cells further if it needs to. Narrower than 20em of its own text (the largest text on a
 * phone), the card is one column.
 */
export const tableStyles = css`
  .table-wrap {
    overflow-x: auto;
    container-type: inline-size;
  }
  .data-table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.9375em;
  }
  .data-table th,
  .data-table td {
    text-align: start;
    vertical-align: top;
    overflow-wrap: break-word;
    padding: 0.45em 0.5em;
    border-bottom: 1px solid var(--_border);
  }
  .data-table thead th {
    color: var(--_muted);
    font-weight: 500;
    font-size: 0.875em;
  }
  .data-table .num {
    text-align: end;
    white-space: nowrap;
  }
  @container (max-width: 30em) {
    .data-table[hidden] {
      display: none;
    }
    .data-table,
    .data-table tbody,
    .data-table tfoot {
      display: block;
    }
    .data-table thead {
      ${visuallyHidden}
    }
    .data-table tr {
      display: grid;
      grid-template-columns: minmax(0, 1fr) auto;
      gap: 0.2em 0.75em;
      padding: 0.55em 0.5em;
      border-bottom: 1px solid var(--_border);
    }
    .data-table tbody th,
    .data-table tbody td,
    .data-table tfoot th,
    .data-table tfoot td {
      display: block;
      padding: 0;
      border: none;
    }
    .data-table td:nth-child(even) {
      text-align: end;
    }
    .data-table [data-label]::before {
      content: attr(data-label) ' ';
      color: var(--_muted);
    }
  }
  /* Narrower still for its text (the largest text on a phone): one column, every cell on its own line. */
  @container (max-width: 20em) {
    .data-table tr {
      grid-template-columns: minmax(0, 1fr);
    }
    .data-table td:nth-child(even) {
      text-align: start;
    }
  }
`;
