import { CLASS_LABEL, RISK_LABEL } from "@/lib/catalog/explain-tool";
import type { RiskLevelName, ToolClassName } from "@/lib/schemas/catalog";

export function ClassBadge({ value }: { value: ToolClassName }) {
  return <span className={`badge ${value}`}>{CLASS_LABEL[value]}</span>;
}

export function RiskBadge({ value }: { value: RiskLevelName }) {
  return <span className={`badge ${value}`}>{RISK_LABEL[value]} risk</span>;
}
