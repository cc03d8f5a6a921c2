/**
 * Classifies any MCP tool as read / write / delete with a low / medium / high risk, from
 * general signals: the verb in its name, its MCP annotations, its description and its input
 * schema. Where signals disagree the more dangerous reading wins, because annotations are the
 * server's own hints and a wrong "read" would let writes through unlimited.
 */
import type { RiskLevel, ToolAnnotations, ToolClass, ToolClassification, ToolDescriptor } from "./types";
import {
  CONTENT_WORDS,
  DELETE_VERBS,
  DESCRIPTIVE_FIELDS,
  FAR_REACHING_VERBS,
  IRREVERSIBLE_PHRASES,
  LEAF_NOUNS,
  READ_VERBS,
  REVERSIBLE_PHRASES,
  SECRET_WORDS,
  SENSITIVE_NOUNS,
  WEAK_READ_VERBS,
  WRITE_VERBS,
  descriptionVerb,
  nameWords,
} from "./vocabulary";

type VerbKind = "read" | "write" | "delete";

interface Signals {
  words: string[];
  verb: { word: string; kind: VerbKind; index: number } | null;
  description: string;
  hints: ToolAnnotations;
  params: { name: string; required: boolean }[];
}

function kindOf(word: string): VerbKind | null {
  if (DELETE_VERBS.has(word)) return "delete";
  if (WRITE_VERBS.has(word)) return "write";
  if (READ_VERBS.has(word)) return "read";
  return null;
}

/** The first vocabulary verb of the name; weak read words ("status") only when nothing else is. */
function nameVerb(words: string[]): Signals["verb"] {
  for (const [index, word] of words.entries()) {
    const kind = kindOf(word);
    if (kind) return { word, kind, index };
  }
  const index = words.findIndex((w) => WEAK_READ_VERBS.has(w));
  return index < 0 ? null : { word: words[index]!, kind: "read", index };
}

function schemaParams(inputSchema: Record<string, unknown> | undefined): Signals["params"] {
  const properties = inputSchema?.properties;
  if (!properties || typeof properties !== "object") return [];
  const required = Array.isArray(inputSchema?.required) ? (inputSchema.required as unknown[]) : [];
  return Object.keys(properties).map((name) => ({ name, required: required.includes(name) }));
}

function signalsOf(tool: ToolDescriptor): Signals {
  const words = nameWords(tool.name);
  return {
    words,
    verb: nameVerb(words),
    description: tool.description ?? "",
    hints: tool.annotations ?? {},
    params: schemaParams(tool.inputSchema),
  };
}

function classOf(s: Signals, reasons: string[]): ToolClass {
  const { verb, hints } = s;
  if (verb && verb.kind !== "read") {
    reasons.push(`the name's verb "${verb.word}" ${verb.kind === "delete" ? "deletes" : "changes state"}`);
    return verb.kind;
  }
  const contradicted = hints.destructiveHint === true || hints.readOnlyHint === false;
  if (hints.readOnlyHint === true) {
    reasons.push("the server marks it read-only (readOnlyHint)");
    return "read";
  }
  if (verb && !contradicted) {
    reasons.push(`the name's verb "${verb.word}" reads`);
    return "read";
  }
  const described = verb ? null : descriptionVerb(s.description);
  if (described && (described.kind !== "read" || !contradicted)) {
    reasons.push(`its description starts with "${described.verb}"`);
    return described.kind;
  }
  reasons.push(contradicted ? "the server's hints say it changes state" : "nothing says it only reads, so it counts as a write");
  return "write";
}

const anyOf = (words: string[], set: Set<string>) => words.find((w) => set.has(w));

function readRisk(s: Signals, reasons: string[]): RiskLevel {
  const secret = anyOf([...s.words, ...nameWords(s.description)], SECRET_WORDS);
  if (secret) return reasons.push(`it may return secrets ("${secret}")`), "high";
  const content = anyOf(s.words, CONTENT_WORDS);
  if (content) return reasons.push(`it returns raw content ("${content}")`), "medium";
  const path = s.params.find((p) => p.required && /(^|_)(path|uri|url|file|filename|filepath)$/.test(p.name));
  if (path) return reasons.push(`it fetches whatever the required "${path.name}" points at`), "medium";
  return reasons.push("it reads metadata"), "low";
}

function writeRisk(s: Signals, reasons: string[]): RiskLevel {
  if (s.hints.destructiveHint === true) return reasons.push("the server marks it destructive (destructiveHint)"), "high";
  if (s.verb && FAR_REACHING_VERBS.has(s.verb.word)) {
    return reasons.push(`"${s.verb.word}" reaches beyond the record it touches`), "high";
  }
  const sensitive = anyOf(s.words, SENSITIVE_NOUNS);
  if (sensitive) return reasons.push(`it changes "${sensitive}", which what serves or who may act depends on`), "high";
  const written = s.params.filter((p) => !/^(id|name|version)$|_(id|ids|name|version)$/.test(p.name));
  if (written.length > 0 && written.every((p) => DESCRIPTIVE_FIELDS.has(p.name))) {
    return reasons.push("it only changes descriptive text"), "low";
  }
  return reasons.push("it changes state"), "medium";
}

function deleteRisk(s: Signals, reasons: string[]): RiskLevel {
  if (IRREVERSIBLE_PHRASES.some((re) => re.test(s.description))) return reasons.push("its description says it cannot be undone"), "high";
  const sensitive = anyOf(s.words, SENSITIVE_NOUNS);
  if (sensitive) return reasons.push(`it deletes "${sensitive}", which what serves or who may act depends on`), "high";
  if (REVERSIBLE_PHRASES.some((re) => re.test(s.description))) return reasons.push("its description says it can be undone"), "medium";
  // The head noun of a compound name is its last word: delete_model_version deletes a version.
  const head = s.words.filter((_, i) => i !== s.verb?.index).at(-1);
  if (head && LEAF_NOUNS.has(head)) return reasons.push(`it deletes a single "${head}" record`), "medium";
  return reasons.push("it deletes data that may not come back"), "high";
}

export function classifyTool(tool: ToolDescriptor): ToolClassification {
  const signals = signalsOf(tool);
  const classReasons: string[] = [];
  const riskReasons: string[] = [];
  const toolClass = classOf(signals, classReasons);
  const risk =
    toolClass === "read" ? readRisk(signals, riskReasons) : toolClass === "write" ? writeRisk(signals, riskReasons) : deleteRisk(signals, riskReasons);
  return { class: toolClass, risk, reasons: [...classReasons, ...riskReasons], classReasons, riskReasons };
}
