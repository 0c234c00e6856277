import type { ComponentChildren } from 'preact';

/** A column's heading; a numeric column's heading is right-aligned like its figures (class `num`). */
export type Column = string | { label: string; numeric: true };

export const numeric = (label: string): Column => ({ label, numeric: true });

/**
 * A table as every screen draws one: it scrolls on its own on a narrow screen (`table-wrap`), its
 * headings are column headers for screen readers, its rows are the children. A column given as
 * `false` is left out (one the signed-in role cannot use).
 */
export function DataTable(props: {
  columns: (Column | false)[];
  class?: string;
  /** Read by screen readers only. */
  caption?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="table-wrap">
      <table class={props.class}>
        {props.caption ? <caption class="sr-only">{props.caption}</caption> : null}
        <thead>
          <tr>
            {props.columns.map((column) =>
              column === false ? null : typeof column === 'string' ? (
                <th scope="col" key={column}>
                  {column}
                </th>
              ) : (
                <th scope="col" class="num" key={column.label}>
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}
