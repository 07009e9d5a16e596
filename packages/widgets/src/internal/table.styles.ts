import { css } from 'lit';

/**
 * A data table (a prescription's drugs, a lab report's results): full width, rows ruled, column
 * headers muted. `.table-wrap` around it scrolls it sideways on narrow screens; `.num` aligns a
 * number column.
 */
export const tableStyles = css`
  .table-wrap {
    overflow-x: auto;
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
`;
