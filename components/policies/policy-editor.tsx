"use client";

// The policy builder: start point, visual and JSON sides of one draft, simulator, and save.
// Saving sends the document to a server action that validates it with the same schema again.
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { createPolicyAction, savePolicyAction } from "@/app/(dashboard)/[org]/policies/actions";
import { AccessSimulator } from "./access-simulator";
import { prettyJson, type Draft } from "./draft-model";
import { EditorTabs, type TabId } from "./editor-tabs";
import { IssuesProvider } from "./issues-context";
import { ImportPolicyLayer } from "./import-policylayer";
import { JsonEditor } from "./json-editor";
import { ReplayPanel } from "./replay-panel";
import { SaveBar } from "./save-bar";
import { Simulator } from "./simulator";
import { StartPointBar } from "./start-point-bar";
import type { BuilderTool } from "./types";
import { usePolicyDraft } from "./use-policy-draft";
import { VisualEditor } from "./visual-editor";

export type EditorProps = {
  slug: string;
  server: { id: string; name: string };
  tools: BuilderTool[];
  grants: { id: string; name: string }[];
  canEdit: boolean;
  /** null: a new policy, created by the first save. */
  policy: { id: string; name: string; version: number; document: Draft } | null;
  /** A new policy's draft chosen before the builder opened (the catalog's "Limit this tool →"). */
  startFrom?: { draft: Draft; label: string } | null;
};

export function PolicyEditor(props: EditorProps) {
  const [start, setStart] = useState<{ draft: Draft; label: string } | null>(props.startFrom ?? null);
  if (props.policy) return <Workbench {...props} initial={props.policy.document} />;
  if (!start) return <StartPointBar tools={props.tools} prominent onStart={(draft, label) => setStart({ draft, label })} />;
  return <Workbench {...props} initial={start.draft} startedFrom={start.label} />;
}

function Workbench({ slug, server, tools, grants, canEdit, policy, initial, startedFrom }: EditorProps & { initial: Draft; startedFrom?: string }) {
  const id = useId();
  const router = useRouter();
  const state = usePolicyDraft(initial, tools);
  const [tab, setTab] = useState<TabId>("visual");
  const [notice, setNotice] = useState(startedFrom ? `Started from ${startedFrom}.` : "");
  const [name, setName] = useState(`${server.name} policy`);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [saveError, setSaveError] = useState<{ message: string; field?: string } | null>(null);
  const dirty = prettyJson(state.draft) !== prettyJson(policy?.document ?? null);
  const problemCount = state.errors.length + (state.syntaxError ? 1 : 0);
  const blockedBecause = state.syntaxError ? "The JSON has a syntax error." : state.errors.length > 0 ? `Fix ${state.errors.length} error(s) to save.` : null;

  async function save() {
    if (!state.valid) return;
    setBusy(true);
    setSaveError(null);
    try {
      const result = policy
        ? await savePolicyAction(slug, { policyId: policy.id, document: state.valid.document, note: note || undefined, baseVersion: policy.version })
        : await createPolicyAction(slug, { serverId: server.id, name, document: state.valid.document });
      if (!result.ok) return setSaveError({ message: result.error.message, field: Object.keys(result.error.fields ?? {})[0] });
      router.push(`/${slug}/policies/${result.data.id}?saved=${result.data.version}`);
    } catch {
      setSaveError({ message: "Saving failed. Please try again." });
    } finally {
      setBusy(false);
    }
  }

  return (
    <IssuesProvider errors={state.errors} warnings={state.warnings}>
      {canEdit ? (
        <StartPointBar tools={tools} prominent={false} onStart={(draft, label) => {
          state.setDraft(draft);
          setNotice(`Started over from ${label}: not saved yet.`);
        }} />
      ) : null}
      {notice ? <p className="notice" role="status">{notice}</p> : null}
      <EditorTabs idBase={id} selected={tab} onSelect={setTab}
        badges={{ json: problemCount > 0 ? `${problemCount} error${problemCount > 1 ? "s" : ""}` : state.warnings.length > 0 ? `${state.warnings.length} warning${state.warnings.length > 1 ? "s" : ""}` : undefined }}>
        {tab === "visual" ? (
          state.syntaxError || !state.draft ? (
            <p className="form-error" role="alert">
              {state.syntaxError ? `The JSON has a syntax error on line ${state.syntaxError.line}: fix it on the JSON tab to edit visually.` : "The JSON is not an object: fix it on the JSON tab to edit visually."}
            </p>
          ) : (
            <fieldset className="plain" disabled={!canEdit}>
              <VisualEditor draft={state.draft} tools={tools} compiled={state.valid?.compiled ?? null} onChange={state.setDraft} />
            </fieldset>
          )
        ) : null}
        {tab === "json" ? (
          <>
            {canEdit ? <ImportPolicyLayer onImport={state.setText} /> : null}
            <JsonEditor text={state.text} syntaxError={state.syntaxError} errors={state.errors} warnings={state.warnings} readOnly={!canEdit} onText={state.setText} />
          </>
        ) : null}
        {tab === "simulate" ? (
          <>
            <Simulator compiled={state.valid?.compiled ?? null} tools={tools} serverId={server.id} grants={grants} />
            <AccessSimulator compiled={state.valid?.compiled ?? null} serverId={server.id} grants={grants} />
            <ReplayPanel slug={slug} serverId={server.id} document={state.valid?.document ?? null} />
          </>
        ) : null}
      </EditorTabs>
      {canEdit ? (
        <SaveBar isNew={!policy} name={name} onName={setName} note={note} onNote={setNote} canSave={Boolean(state.valid) && (dirty || !policy)}
          blockedBecause={blockedBecause} dirty={dirty} busy={busy} error={saveError} onSave={save} />
      ) : (
        <p className="muted small">You can look and simulate; editors and admins change policies.</p>
      )}
    </IssuesProvider>
  );
}
