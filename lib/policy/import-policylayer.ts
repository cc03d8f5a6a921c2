/**
 * "Import a PolicyLayer policy": converts PolicyLayer's hosted JSON into a Warden policy
 * document and says what it changed. Pure (the builder runs it in the browser, REST on the server).
 *
 *   hide: ["x"] / "*"        → tools.x / tools["*"] { "action": "hide" } (hidden from tools/list and refused)
 *   require: "approval"      → "action": "require_approval" (approval_timeout → approval.timeout)
 *   require: ["args.reason"] → when: the argument must be present; require: [predicate] → when
 *   deny_if: [{ path: "args.x", op, value }] → deny_if: [{ arg: "x", op, value }]
 *   limits / rate_limit: { max, window } → limits: [{ counter, window, max }] (per grant)
 *   on_deny: "text"          → reason
 *
 * A Warden document imports as itself with no changes. Anything else is refused with the field's
 * pointer and the Warden field that does the job, never dropped.
 */
import { parsePolicy, type PolicyDocument } from "@/lib/schemas/policy";
import { at, convertLimit, convertLimits, convertPredicate, counterName, isObject, type ImportLog, type ImportNote, type Json } from "./import-policylayer-rules";

export type { ImportNote };
export type ImportResult = { ok: true; document: PolicyDocument; changes: ImportNote[] } | { ok: false; errors: ImportNote[] };

const WARDEN_RULE_KEYS = "action, reason, limits, when, deny_if, approval";
const TOP_KEYS = new Set(["version", "default", "tools", "all_tools", "resources", "prompts", "hide"]);

function convertRequire(raw: unknown, pointer: string, entry: Json, log: ImportLog): void {
  if (raw === "approval") {
    entry.action = "require_approval";
    log.changes.push({ pointer, message: '"approval" became "action": "require_approval"' });
    return;
  }
  if (!Array.isArray(raw)) {
    log.errors.push({ pointer, message: 'must be "approval" or a list of required arguments ("args.<name>") or predicates; Warden: "action": "require_approval" or "when"' });
    return;
  }
  const when = Array.isArray(entry.when) ? [...(entry.when as unknown[])] : [];
  raw.forEach((item, i) => {
    if (typeof item === "string" && /^args\.[^.\s]/.test(item)) {
      when.push({ arg: item.slice(5), op: "exists" });
      log.changes.push({ pointer: at(pointer, i), message: `"${item}" became a "when" condition: the argument must be present` });
    } else if (typeof item === "string") {
      log.errors.push({ pointer: at(pointer, i), message: 'must name an argument as "args.<name>"; Warden: "when": [{ "arg": "<name>", "op": "exists" }]' });
    } else {
      const predicate = convertPredicate(item, at(pointer, i), log);
      if (predicate) when.push(predicate);
    }
  });
  if (when.length > 0) entry.when = when;
}

function convertOnDeny(raw: unknown, pointer: string, entry: Json, log: ImportLog): void {
  const text = typeof raw === "string" ? raw : isObject(raw) && typeof (raw.message ?? raw.reason) === "string" ? (raw.message ?? raw.reason) : null;
  if (text === null) log.errors.push({ pointer, message: 'must be the text the agent is told; Warden: "reason"' });
  else if (entry.reason !== undefined) log.errors.push({ pointer, message: 'and "reason" both set the refusal text: keep one (Warden: "reason")' });
  else {
    entry.reason = text;
    log.changes.push({ pointer, message: 'became "reason"' });
  }
}

/** One tool's rule; Warden's own keys are kept, PolicyLayer's converted. */
function convertEntry(tool: string, raw: unknown, pointer: string, log: ImportLog): Json {
  if (!isObject(raw)) {
    log.errors.push({ pointer, message: "must be an object (a tool rule)" });
    return {};
  }
  const entry: Json = {};
  const limits: Json[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const here = at(pointer, key);
    if (key === "action" || key === "reason" || key === "approval") entry[key] = value;
    else if (key === "when" || key === "deny_if") {
      if (!Array.isArray(value)) log.errors.push({ pointer: here, message: "must be a list of predicates" });
      else entry[key] = [...(Array.isArray(entry[key]) ? (entry[key] as unknown[]) : []), ...value.flatMap((p, i) => convertPredicate(p, at(here, i), log) ?? [])];
    } else if (key === "limits") limits.push(...convertLimits(value, here, tool, log));
    else if (key === "rate_limit") {
      const limit = convertLimit(value, here, counterName(`${tool}_rate`), log);
      if (limit) limits.push(limit);
    } else if (key === "require") convertRequire(value, here, entry, log);
    else if (key === "on_deny") convertOnDeny(value, here, entry, log);
    else if (key === "approval_timeout") {
      entry.approval = { timeout: value };
      log.changes.push({ pointer: here, message: 'became "approval": { "timeout" }' });
    } else log.errors.push({ pointer: here, message: `is not a rule field Warden can convert; Warden's are ${WARDEN_RULE_KEYS}` });
  }
  if (limits.length > 0) entry.limits = limits;
  return entry;
}

function convertHide(raw: unknown, tools: Record<string, Json>, log: ImportLog): void {
  const names = raw === "*" ? ["*"] : raw;
  if (!Array.isArray(names) || !names.every((n) => typeof n === "string")) {
    log.errors.push({ pointer: "/hide", message: 'must be a list of tool names or "*"; Warden: "tools": { "<name>": { "action": "hide" } }' });
    return;
  }
  // PolicyLayer hides a listed tool whatever its rule says; "*" hides every tool, listed or not.
  const hidden = raw === "*" ? ["*", ...Object.keys(tools)] : (names as string[]);
  for (const name of hidden) {
    const had = tools[name] !== undefined;
    tools[name] = { action: "hide" };
    log.changes.push({ pointer: at("/tools", name), message: `is hidden by /hide${had ? " (its own rule no longer applies, as in PolicyLayer)" : ""}` });
  }
}

export function importPolicyLayer(input: unknown): ImportResult {
  const log: ImportLog = { changes: [], errors: [] };
  if (!isObject(input)) return { ok: false, errors: [{ pointer: "", message: "must be a JSON object (a policy document)" }] };
  const output: Json = {};
  for (const key of Object.keys(input)) {
    if (!TOP_KEYS.has(key)) log.errors.push({ pointer: at("", key), message: `is not a policy field Warden can convert; Warden's are version, default, tools, all_tools, resources, prompts` });
  }
  output.version = input.version;
  output.default = input.default;
  const tools: Record<string, Json> = {};
  if (input.tools !== undefined && !isObject(input.tools)) log.errors.push({ pointer: "/tools", message: "must be an object mapping tool names or patterns to rules" });
  for (const [name, rule] of Object.entries(isObject(input.tools) ? input.tools : {})) tools[name] = convertEntry(name, rule, at("/tools", name), log);
  if (input.hide !== undefined) convertHide(input.hide, tools, log);
  if (input.tools !== undefined || input.hide !== undefined) output.tools = tools;
  if (input.all_tools !== undefined) {
    const allTools = isObject(input.all_tools) ? input.all_tools : {};
    if (!isObject(input.all_tools)) log.errors.push({ pointer: "/all_tools", message: 'must be an object such as { "limits": [] }' });
    for (const key of Object.keys(allTools)) {
      if (key !== "limits") log.errors.push({ pointer: at("/all_tools", key), message: 'cannot be converted: Warden\'s "all_tools" holds only "limits"' });
    }
    output.all_tools = { limits: convertLimits(allTools.limits ?? [], "/all_tools/limits", "all_tools", log) };
  }
  if (input.resources !== undefined) output.resources = input.resources;
  if (input.prompts !== undefined) output.prompts = input.prompts;
  if (log.errors.length > 0) return { ok: false, errors: log.errors };
  const parsed = parsePolicy(output);
  if (!parsed.ok) return { ok: false, errors: parsed.errors.map((e) => ({ pointer: e.pointer, message: e.message })) };
  return { ok: true, document: parsed.policy, changes: log.changes };
}
