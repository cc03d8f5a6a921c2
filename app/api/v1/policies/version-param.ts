import { notFound } from "@/lib/errors";

/** A version number from the URL; anything else is a version that does not exist. */
export function versionParam(raw: string | undefined): number {
  const version = Number(raw);
  if (!Number.isInteger(version) || version < 1) throw notFound("Version not found");
  return version;
}
