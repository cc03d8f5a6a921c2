import { isListed } from "./evaluate-access";
import type { CompiledPolicy } from "./types";

/*
 * What an agent's resources/list, resources/templates/list and prompts/list show: the same
 * rules that guard resources/read and prompts/get. Like tools, denied items stay listed (so the
 * agent can learn why a read is refused); hidden ones and those `default: deny` leaves unnamed
 * do not. A template is decided by its URI template text ("mlflow://experiments/{id}"), which
 * "mlflow://experiments/*" matches; a read is decided by the concrete URI.
 */

export function filterResources<T extends { uri: string }>(policy: CompiledPolicy, resources: readonly T[]): T[] {
  return resources.filter((r) => typeof r?.uri === "string" && isListed(policy, { kind: "resource", name: r.uri }));
}

export function filterResourceTemplates<T extends { uriTemplate: string }>(policy: CompiledPolicy, templates: readonly T[]): T[] {
  return templates.filter((t) => typeof t?.uriTemplate === "string" && isListed(policy, { kind: "resource", name: t.uriTemplate }));
}

export function filterPrompts<T extends { name: string }>(policy: CompiledPolicy, prompts: readonly T[]): T[] {
  return prompts.filter((p) => typeof p?.name === "string" && isListed(policy, { kind: "prompt", name: p.name }));
}
