"use client";

// One tool of the server in the visual editor: what it is (class, risk, description) and what
// the policy does with it.
import { ActionSelect } from "./action-select";
import { actionOf, toolPointerOf, withAction, type Entry } from "./draft-model";
import { RuleIssues, useFieldError } from "./issues-context";
import { RuleDetails } from "./rule-details";
import { argsOf } from "./schema-args";
import type { BuilderTool } from "./types";

type Props = {
  tool: BuilderTool;
  entry: Entry | undefined;
  defaultAction: string;
  /** When a pattern, not the default, decides a tool the policy does not name. */
  decidedBy: string | null;
  onChange(entry: Entry | undefined): void;
};

export function ToolRow({ tool, entry, defaultAction, decidedBy, onChange }: Props) {
  const pointer = toolPointerOf(tool.name);
  const actionError = useFieldError(`${pointer}/action`);
  const unset = decidedBy ? `Not named (pattern ${decidedBy} decides)` : `Not named (default: ${defaultAction === "allow" ? "allow" : "hidden"})`;
  const action = entry ? actionOf(entry) : null;
  return (
    <li className="tool-row" data-tool={tool.name}>
      <div className="tool-head">
        <div className="tool-name">
          <code>{tool.name}</code> <span className={`badge ${tool.risk}`}>{tool.risk} risk</span>
          {tool.status === "quarantined" ? <span className="badge quarantined" title="Changed upstream; blocked until approved on the server page">quarantined</span> : null}
          <p className="muted small tool-description">{tool.description.split("\n")[0]}</p>
        </div>
        <ActionSelect ruleKey={tool.name} action={action} unsetLabel={unset} invalid={Boolean(actionError)}
          onChange={(next) => onChange(next === null ? undefined : withAction(entry ?? {}, next))} />
      </div>
      {entry && action !== "hide" ? <RuleDetails ruleKey={tool.name} entry={entry} args={argsOf(tool.inputSchema)} onChange={onChange} /> : null}
      {entry && action === "hide" ? <RuleIssues pointer={pointer} /> : null}
    </li>
  );
}
