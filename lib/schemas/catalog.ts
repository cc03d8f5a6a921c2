// What the public catalog's pages hand to components/catalog: catalogued servers and their tools,
// each with the classifier's class and risk, its reasons, and the recommended rule.
import type { PolicyDocument } from "@/lib/schemas/policy";

export type ToolClassName = "read" | "write" | "delete";
export type RiskLevelName = "low" | "medium" | "high";

export type CatalogParam = { name: string; type: string; required: boolean; description: string };

export type CatalogToolView = {
  name: string;
  /** The server's own description of the tool. */
  description: string;
  class: ToolClassName;
  risk: RiskLevelName;
  /** Why it has its class, as clauses (`the name's verb "set" changes state`). */
  classReasons: string[];
  /** Why it has its risk within its class. */
  riskReasons: string[];
  /** The thing it acts on, from its name ("experiment", "run", "model"). */
  resource: string;
  params: CatalogParam[];
  /** Annotations the server sets to true or false, e.g. `readOnlyHint: true`. */
  hints: string[];
  /** recommendPolicy for this tool alone: it named, everything else denied. */
  recommended: PolicyDocument;
};

export type CatalogServerView = {
  /** The URL segment: /catalog/{slug}. */
  slug: string;
  name: string;
  /** owner/name on GitHub. */
  repository: string;
  summary: string;
  /** How the server runs, e.g. "stdio (uvx mlflow-mcp)". */
  transport: string;
  tools: CatalogToolView[];
};

export type CatalogFaqEntry = { question: string; answer: string; snippet?: PolicyDocument };

/** The words of a tool page, written from the tool's data. */
export type CatalogToolExplanation = {
  /** What the class means, leading into the classifier's reasons (shown as a list after it). */
  classText: string;
  /** What the risk level means, leading into the reasons for it. */
  riskText: string;
  whyPolicy: string[];
  faq: CatalogFaqEntry[];
};
