// Client ID Metadata Documents (MCP 2025-11-25, SEP-991): filled in below.
import type { AdapterPayload } from "oidc-provider";

export function isMetadataDocumentClientId(clientId: string): boolean {
  return clientId.startsWith("https://");
}

export async function clientFromMetadataDocument(_clientId: string): Promise<AdapterPayload | undefined> {
  return undefined;
}
