// Where each value of a JSON text starts, by JSON Pointer: the JSON tab shows schema errors at
// their line. Runs only on text that JSON.parse accepted, so the scanner can be small.
import { escapePointerSegment } from "@/lib/policy/json-pointer";

export function pointerLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skip = () => {
    while (i < text.length && /\s/.test(text[i]!)) {
      if (text[i] === "\n") line++;
      i++;
    }
  };
  const readString = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (pointer: string): void => {
    skip();
    if (!lines.has(pointer)) lines.set(pointer, line);
    const ch = text[i];
    if (ch === "{") {
      i++;
      skip();
      while (text[i] !== "}" && i < text.length) {
        skip();
        const keyLine = line;
        const key = readString();
        const child = `${pointer}/${escapePointerSegment(key)}`;
        lines.set(child, keyLine);
        skip();
        i++; // ':'
        value(child);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (ch === "[") {
      i++;
      skip();
      for (let index = 0; text[i] !== "]" && i < text.length; index++) {
        value(`${pointer}/${index}`);
        skip();
        if (text[i] === ",") i++;
        skip();
      }
      i++;
    } else if (ch === '"') {
      readString();
    } else {
      while (i < text.length && /[^,\]}\s]/.test(text[i]!)) i++;
    }
  };
  value("");
  return lines;
}

/** The line of a pointer, or of its nearest ancestor that the text has (a missing key's object). */
export function lineOf(lines: Map<string, number>, pointer: string): number {
  let current = pointer;
  for (;;) {
    const found = lines.get(current);
    if (found !== undefined) return found;
    if (current === "") return 1;
    current = current.slice(0, current.lastIndexOf("/"));
  }
}

/** JSON.parse's error as a line and column, whichever way the engine words it. */
export function syntaxErrorAt(text: string, error: unknown): { line: number; column: number; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]), message };
  const position = /position (\d+)/.exec(message);
  const offset = position ? Number(position[1]) : text.length;
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, message };
}
