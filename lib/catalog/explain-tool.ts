// The words of a catalogued tool's page, written from its data: the classifier's reasons, the
// recommended rule, its parameters. Nothing here names a particular tool; every sentence follows
// from what the tool is, so a new catalogued server gets its pages for free.
import type { PolicyDocument, ToolEntry } from "@/lib/schemas/policy";
import type { CatalogToolExplanation, CatalogToolView, CatalogFaqEntry, RiskLevelName, ToolClassName } from "@/lib/schemas/catalog";

export const CLASS_LABEL: Record<ToolClassName, string> = { read: "Read", write: "Write", delete: "Delete" };
export const RISK_LABEL: Record<RiskLevelName, string> = { low: "Low", medium: "Medium", high: "High" };

const CLASS_MEANING: Record<ToolClassName, string> = {
  read: "A read tool returns information and changes nothing on the server.",
  write: "A write tool changes state on the server: what it writes is still there after the call.",
  delete: "A delete tool removes data from the server.",
};

export const RISK_MEANING: Record<RiskLevelName, string> = {
  low: "Low risk: a mistaken or repeated call costs little, and nothing that serves traffic, controls access or cannot be recovered depends on it.",
  medium:
    "Medium risk: one call is routine, but an agent repeating it in a loop can do real harm, by writing far more than anyone meant or by reading out a lot of content. A per-grant rate limit keeps the tool useful and bounded.",
  high: "High risk: a single call can change what serves in production or who may act, or lose data for good. A person should see each call before it runs, or agents should not see the tool at all.",
};

const sentence = (clauses: string[]) => clauses.join("; and ");
const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "Write: the name's verb "set" changes state. Medium: it changes state." — for the server's tool table. */
export function oneLineReason(tool: CatalogToolView): string {
  return `${capitalize(sentence(tool.classReasons))}; ${sentence(tool.riskReasons)}.`;
}

export function entryOf(tool: CatalogToolView): ToolEntry {
  return tool.recommended.tools?.[tool.name] ?? {};
}

/** "30 calls per minute per grant" for the recommended rule's first limit, or null. */
export function limitSummary(tool: CatalogToolView): string | null {
  const limit = entryOf(tool).limits?.[0];
  if (!limit) return null;
  const window = typeof limit.window === "number" ? `${limit.window} seconds` : limit.window;
  return `${limit.max} calls per ${window} per ${limit.scope ?? "grant"}`;
}

/** The recommended rule in a few words, for lists and the page description. */
export function ruleSummary(tool: CatalogToolView): string {
  const entry = entryOf(tool);
  if (entry.action === "hide") return "hidden from agents";
  if (entry.action === "deny") return "refused";
  if (entry.action === "require_approval") return "each call approved by a person";
  return limitSummary(tool) ?? "allowed without a limit";
}

function whyPolicy(tool: CatalogToolView): string[] {
  const entry = entryOf(tool);
  const intro = `A Warden policy that denies by default lets an agent call only the tools it names, so ${tool.name} needs an entry before any agent can use it, and that entry is where its limits live.`;
  if (entry.action === "hide") {
    return [intro, `The recommended entry hides ${tool.name}: agents do not see it in the tool list, and a call to it is refused as if the tool did not exist. Agents seldom need to remove data; when a person does, they can give one grant a policy that allows it with approval.`];
  }
  if (entry.action === "require_approval") {
    const timeout = entry.approval?.timeout ?? "10m";
    return [intro, `The recommended entry holds each call of ${tool.name} until a person approves it in Warden's Approvals inbox. If nobody approves within ${timeout}, the call is refused: an agent cannot make this change on its own.`];
  }
  const limit = limitSummary(tool);
  if (limit) {
    return [intro, `An agent stuck in a loop, retrying or working through every ${tool.resource} it finds, can call ${tool.name} hundreds of times a minute. The recommended entry allows ${limit}: plenty for real work, and a runaway agent stops at the limit instead of flooding the server. A refused call consumes nothing and tells the agent when to retry.`];
  }
  return [intro, `It only reads metadata, so the recommended entry allows it without a limit. If the server behind it struggles under many calls, add one; the questions below show how.`];
}

/** The recommended entry when it lets calls through, else a plain allow (a condition on a hidden tool means nothing). */
const allowing = (entry: ToolEntry): ToolEntry => (entry.action === "hide" || entry.action === "deny" ? {} : entry);
const only = (tool: CatalogToolView, entry: ToolEntry): PolicyDocument => ({ version: "1", default: "deny", tools: { [tool.name]: entry } });

function faq(tool: CatalogToolView): CatalogFaqEntry[] {
  const recommended = entryOf(tool).limits?.[0];
  const limit = recommended ?? { counter: `${tool.name}_rate`.slice(0, 64), window: "minute" as const, max: 30, scope: "grant" as const };
  const entries: CatalogFaqEntry[] = [
    {
      question: `Can I rate-limit ${tool.name}?`,
      answer: `Yes: give its entry a limit. This one allows ${limit.max} calls per ${String(limit.window)} for each grant. Scope "server" or "organization" shares one count across grants, and the window may be a second, minute, hour, day or a number of seconds. The first call over the limit is refused with the rule's id and the time to retry.`,
      snippet: only(tool, { limits: [limit] }),
    },
    {
      question: `How do I block ${tool.name} completely?`,
      answer: `Set its action to "hide": agents no longer see it in the tool list, and a call is refused as if it did not exist. "deny" keeps it listed and answers every call with your reason. Under "default": "deny", a tool the policy does not name is blocked too.`,
      snippet: only(tool, { action: "hide" }),
    },
    {
      question: `Can a person approve each call of ${tool.name}?`,
      answer: `Yes: with "require_approval" every call waits in Warden's Approvals inbox with its arguments. A person approves or denies it; if nobody does within the timeout, the call is refused.`,
      snippet: only(tool, { action: "require_approval", approval: { timeout: "10m" }, reason: `A person approves each ${tool.name} call.` }),
    },
    {
      question: `What does ${tool.risk} risk mean for ${tool.name}?`,
      answer: `${RISK_MEANING[tool.risk]} The classifier rated ${tool.name} ${tool.risk} because ${sentence(tool.riskReasons)}.`,
    },
  ];
  const scoped = tool.params.find((p) => p.required && p.type === "string" && /(^|_)(id|name)$/.test(p.name));
  if (scoped) {
    entries.push({
      question: `Can I allow ${tool.name} for some ${tool.resource}s only?`,
      answer: `Yes: a "when" condition on its "${scoped.name}" argument admits a call only when every condition holds; "deny_if" refuses it when any holds. Replace the example values with your own.`,
      snippet: only(tool, { ...allowing(entryOf(tool)), when: [{ arg: scoped.name, op: "in", value: ["example-1", "example-2"] }] }),
    });
  }
  return entries;
}

export function explainTool(tool: CatalogToolView): CatalogToolExplanation {
  return {
    classText: `${CLASS_MEANING[tool.class]} ${tool.name} is classified ${tool.class} because:`,
    riskText: `${RISK_MEANING[tool.risk]} ${tool.name} is rated ${tool.risk} because:`,
    whyPolicy: whyPolicy(tool),
    faq: faq(tool),
  };
}
