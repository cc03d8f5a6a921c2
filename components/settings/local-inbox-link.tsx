import Link from "next/link";

/**
 * Where a newcomer finds the mail Warden just sent: under `npm start` without SMTP_URL nothing
 * leaves the machine, and the inbox page (/dev/mail) is the only place the link can be read.
 */
export function LocalInboxLink({ shown }: { shown: boolean }) {
  if (!shown) return null;
  return (
    <>
      Mail stays on this machine: <Link href="/dev/mail">open the local mail inbox</Link>.{" "}
    </>
  );
}
