/** A table header of plain column titles; those named in `num` are right-aligned figures. */
export function Head({ cols, num = [] }: { cols: readonly string[]; num?: readonly string[] }) {
  return (
    <thead>
      <tr>
        {cols.map((c) => (
          <th key={c} scope="col" className={num.includes(c) ? 'num' : undefined}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}
