/**
 * A Thompson NFA run by state-set simulation: matching takes time linear in the input
 * (times the pattern size), whatever the pattern, so an agent's argument can never make
 * a `regex` condition hang the gateway.
 */
import { isWordCode, type AssertKind, type CharTest, type RegexNode } from "./regex-parse";
import { RegexSyntaxError } from "./regex-parse";

const CHAR = 0;
const SPLIT = 1;
const ASSERT = 2;
const MATCH = 3;
export const MAX_NFA_STATES = 2000;

export type LinearRegexOptions = {
  /** Step through the input by code point rather than by UTF-16 unit (the "u" flag). */
  unicode?: boolean;
  /** The largest automaton a pattern may compile to; beyond it the pattern is refused. */
  maxStates?: number;
};

/** Is told the work each test does (active states visited), and may throw to stop it. */
export type StepMeter = { spend(steps: number): void };

interface Nfa {
  maxStates: number;
  kind: number[];
  out1: number[];
  out2: number[];
  test: (CharTest | null)[];
  assert: (AssertKind | null)[];
}

function addNode(nfa: Nfa, kind: number, out1: number, out2 = -1, test: CharTest | null = null, assert: AssertKind | null = null): number {
  if (nfa.kind.length >= nfa.maxStates) throw new RegexSyntaxError("is too complex (its repetitions expand past the size limit)");
  nfa.kind.push(kind);
  nfa.out1.push(out1);
  nfa.out2.push(out2);
  nfa.test.push(test);
  nfa.assert.push(assert);
  return nfa.kind.length - 1;
}

/** Compiles `node` so that it continues at state `next`; returns its start state. */
function build(nfa: Nfa, node: RegexNode, next: number): number {
  switch (node.t) {
    case "empty":
      return next;
    case "char":
      return addNode(nfa, CHAR, next, -1, node.test);
    case "assert":
      return addNode(nfa, ASSERT, next, -1, null, node.kind);
    case "cat":
      return node.items.reduceRight((continuation, item) => build(nfa, item, continuation), next);
    case "alt": {
      const starts = node.items.map((item) => build(nfa, item, next));
      return starts.reduceRight((rest, start) => addNode(nfa, SPLIT, start, rest));
    }
    case "rep":
      return buildRepeat(nfa, node, next);
  }
}

function buildRepeat(nfa: Nfa, node: { node: RegexNode; min: number; max: number }, next: number): number {
  let start = next;
  if (node.max === Infinity) {
    const loop = addNode(nfa, SPLIT, -1, next);
    nfa.out1[loop] = build(nfa, node.node, loop);
    start = loop;
  } else {
    for (let i = node.min; i < node.max; i++) start = addNode(nfa, SPLIT, build(nfa, node.node, start), next);
  }
  for (let i = 0; i < node.min; i++) start = build(nfa, node.node, start);
  return start;
}

function assertionHolds(kind: AssertKind, input: string, pos: number): boolean {
  if (kind === "bol") return pos === 0;
  if (kind === "eol") return pos === input.length;
  const before = pos > 0 && isWordCode(input.charCodeAt(pos - 1));
  const after = pos < input.length && isWordCode(input.charCodeAt(pos));
  return (before !== after) === (kind === "wordBoundary");
}

export class LinearRegex {
  private readonly nfa: Nfa;
  private readonly unicode: boolean;
  private readonly start: number;
  private readonly marks: Int32Array;
  private readonly stack: Int32Array;
  private generation = 0;
  /** States popped by close() since the meter was last told, i.e. the work actually done. */
  private visited = 0;

  constructor(root: RegexNode, options: LinearRegexOptions = {}) {
    this.nfa = { maxStates: options.maxStates ?? MAX_NFA_STATES, kind: [], out1: [], out2: [], test: [], assert: [] };
    this.unicode = options.unicode ?? false;
    const match = addNode(this.nfa, MATCH, -1);
    this.start = build(this.nfa, root, match);
    this.marks = new Int32Array(this.nfa.kind.length);
    this.stack = new Int32Array(this.nfa.kind.length * 2 + 2);
  }

  get stateCount(): number {
    return this.nfa.kind.length;
  }

  /** Adds `state` and every state reachable from it without reading a character; true on MATCH. */
  private close(list: number[], state: number, input: string, pos: number): boolean {
    const { kind, out1, out2, assert } = this.nfa;
    const stack = this.stack;
    let top = 0;
    stack[top++] = state;
    while (top > 0) {
      const s = stack[--top]!;
      this.visited++;
      if (s < 0 || this.marks[s] === this.generation) continue;
      this.marks[s] = this.generation;
      const k = kind[s];
      if (k === MATCH) return true;
      if (k === CHAR) list.push(s);
      else if (k === SPLIT) {
        stack[top++] = out2[s]!;
        stack[top++] = out1[s]!;
      } else if (k === ASSERT && assertionHolds(assert[s]!, input, pos)) stack[top++] = out1[s]!;
    }
    return false;
  }

  private nextGeneration(): void {
    // Marks are compared by generation; start over before the Int32 storage could wrap.
    if (this.generation >= 0x3fffffff) {
      this.marks.fill(0);
      this.generation = 0;
    }
    this.generation++;
  }

  /** Whether the pattern matches anywhere in `input`, like RegExp.prototype.test. */
  test(input: string, meter?: StepMeter): boolean {
    const { out1, test } = this.nfa;
    let current: number[] = [];
    let code = -1;
    this.visited = 0;
    for (let pos = 0; pos <= input.length; ) {
      this.nextGeneration();
      const next: number[] = [];
      // Re-seeding the start state at every position makes the search unanchored.
      if (this.close(next, this.start, input, pos)) return true;
      for (const s of current) {
        if (test[s]!(code) && this.close(next, out1[s]!, input, pos)) return true;
      }
      current = next;
      if (meter) meter.spend(this.visited + current.length);
      this.visited = 0;
      if (pos === input.length) break;
      code = this.unicode ? input.codePointAt(pos)! : input.charCodeAt(pos);
      pos += code > 0xffff ? 2 : 1;
    }
    return false;
  }
}
