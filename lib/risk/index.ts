export { classifyTool } from "./classify-tool";
export { toolFingerprint } from "./fingerprint";
export type { RiskLevel, ToolAnnotations, ToolClass, ToolClassification, ToolDescriptor } from "./types";
