"use client";

import type { ReactNode } from "react";

export type TabId = "visual" | "json" | "simulate";
const TABS: { id: TabId; label: string }[] = [
  { id: "visual", label: "Visual" },
  { id: "json", label: "JSON" },
  { id: "simulate", label: "Simulate" },
];

/** Accessible tabs (role tablist/tab/tabpanel); only the selected panel is rendered. */
export function EditorTabs({ idBase, selected, onSelect, badges, children }: {
  idBase: string;
  selected: TabId;
  onSelect(tab: TabId): void;
  badges: Partial<Record<TabId, string>>;
  children: ReactNode;
}) {
  return (
    <>
      <div role="tablist" aria-label="Policy editor" className="tabs">
        {TABS.map((tab) => (
          <button key={tab.id} type="button" role="tab" id={`${idBase}-tab-${tab.id}`} aria-selected={selected === tab.id}
            aria-controls={`${idBase}-panel`} className={selected === tab.id ? "tab active" : "tab"} onClick={() => onSelect(tab.id)}>
            {tab.label}
            {badges[tab.id] ? <span className="tab-badge">{badges[tab.id]}</span> : null}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${idBase}-panel`} aria-labelledby={`${idBase}-tab-${selected}`} className="tab-panel">
        {children}
      </div>
    </>
  );
}
