"use client";

import { useEffect, useState } from "react";

/**
 * A countdown to an approval's expiry, ticking every second. The server renders it a moment before
 * the browser hydrates it, so the first text may differ by a second or more: React is told to keep
 * the server's text until the first tick instead of throwing a hydration error (#418).
 */
export function TimeLeft({ until }: { until: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const seconds = Math.max(0, Math.floor((Date.parse(until) - now) / 1000));
  if (seconds === 0) return <span className="time-left" suppressHydrationWarning>expired</span>;
  const text = seconds >= 3600 ? `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min` : `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
  return (
    <span className="time-left" title={new Date(until).toUTCString()} suppressHydrationWarning>
      {`${text} left`}
    </span>
  );
}
