// `npm run keys:rotate`: put the new key FIRST in WARDEN_ENCRYPTION_KEYS (keep the old ones after
// it), run this, then drop the old keys. Uses DATABASE_URL, or the embedded database of `npm start`
// (stop the app first then: one PostgreSQL per data folder) and the keys of .warden/secrets.json.
import { bootstrapDatabase } from "../lib/db-bootstrap";
import { localSecrets } from "./start/local-secrets";

const database = await bootstrapDatabase();
process.env.DATABASE_URL = database.url;
process.env.WARDEN_ENCRYPTION_KEYS = localSecrets().WARDEN_ENCRYPTION_KEYS;
try {
  const { rotateSecrets } = await import("../lib/data/secret-rotation");
  const report = await rotateSecrets();
  const from = Object.entries(report.fromKeys).map(([id, n]) => `${n} from ${id}`).join(", ") || "none";
  console.log(`Secrets: ${report.total} rows, ${report.reEncrypted} re-encrypted (${from}; ${report.wereUnbound} were not bound to their row); URLs with a key: ${report.urls.total}, ${report.urls.reEncrypted} re-encrypted; webhook secrets: ${report.webhooks.total}, ${report.webhooks.reEncrypted} re-encrypted; OAuth signing key: ${report.oauthSigningKeys.reEncrypted} of ${report.oauthSigningKeys.total} re-encrypted; ${report.failed.length} failed.`);
  for (const failure of report.failed) console.log(`  ${failure.what} ${failure.serverId}: ${failure.message}`);
  process.exitCode = report.failed.length > 0 ? 1 : 0;
} finally {
  const { db } = await import("../lib/db");
  await db.$disconnect();
  await database.stop();
}
