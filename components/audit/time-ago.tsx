/** An absolute time with a relative label; the title carries the exact instant. */
export function TimeAgo({ iso, now = Date.now() }: { iso: string; now?: number }) {
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const units: [number, string][] = [[86400_000, "d"], [3600_000, "h"], [60_000, "min"], [1000, "s"]];
  const [size, unit] = units.find(([s]) => abs >= s) ?? [1000, "s"];
  const amount = Math.max(0, Math.round(abs / size));
  const label = ms >= 0 ? `in ${amount} ${unit}` : `${amount} ${unit} ago`;
  return (
    <time dateTime={iso} title={new Date(iso).toUTCString()}>
      {label}
    </time>
  );
}
