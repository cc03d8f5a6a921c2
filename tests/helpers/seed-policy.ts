/** The seed's policy: set_experiment_tag 30 per minute per grant, everything else denied. */
export const SEED_POLICY = {
  version: "1",
  default: "deny",
  tools: {
    set_experiment_tag: { limits: [{ counter: "set_experiment_tag_rate", window: "minute", max: 30, scope: "grant" }] },
  },
} as const;
