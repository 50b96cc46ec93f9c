// Reads a Dockerfile into stages of instructions (line continuations joined, comments dropped),
// enough for the deploy specs to check its structure without a Docker engine.
export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface Stage {
  name?: string;
  from: string;
  instructions: Instruction[];
}

export interface ParsedDockerfile {
  /** ARGs before the first FROM, with their defaults: they may parameterise FROM lines. */
  globalArgs: Record<string, string>;
  stages: Stage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    const trimmed = line.trim();
    // Comments (including parser directives) and blank lines, also inside a continuation.
    if (trimmed.startsWith('#') || trimmed === '') return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1) : line;
    pending = pending
      ? { text: `${pending.text} ${body.trim()}`, line: pending.line }
      : { text: body.trim(), line: index + 1 };
    if (!continued) {
      const match = /^(\S+)\s*(.*)$/.exec(pending.text);
      if (!match) throw new Error(`line ${pending.line}: cannot read "${pending.text}"`);
      instructions.push({ keyword: match[1].toUpperCase(), args: match[2], line: pending.line });
      pending = undefined;
    }
  });
  if (pending) throw new Error(`line ${pending.line}: the file ends inside a line continuation`);

  const globalArgs: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const ins of instructions) {
    if (ins.keyword === 'FROM') {
      const match = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(ins.args);
      if (!match) throw new Error(`line ${ins.line}: malformed FROM "${ins.args}"`);
      stages.push({ from: match[1], name: match[2], instructions: [] });
    } else if (!stages.length) {
      if (ins.keyword !== 'ARG') throw new Error(`line ${ins.line}: ${ins.keyword} before the first FROM`);
      const [name, value = ''] = ins.args.split('=', 2);
      globalArgs[name] = value;
    } else {
      stages[stages.length - 1].instructions.push(ins);
    }
  }
  if (!stages.length) throw new Error('no FROM instruction');
  return { globalArgs, stages };
}

/** The base image of a stage with `${ARG}` references resolved from the global ARG defaults. */
export function resolvedBase(file: ParsedDockerfile, stage: Stage): string {
  return stage.from.replace(/\$\{?(\w+)\}?/g, (_, name: string) => file.globalArgs[name] ?? '');
}

/** Arguments of an exec-form (JSON array) instruction such as CMD ["node", "main.js"]. */
export function execForm(ins: Instruction): string[] {
  // HEALTHCHECK carries options and the word CMD before its command.
  const args = ins.keyword === 'HEALTHCHECK' ? ins.args.replace(/^(--\S+\s+)*CMD\s+/, '') : ins.args;
  const parsed: unknown = JSON.parse(args);
  if (!Array.isArray(parsed) || !parsed.every((a) => typeof a === 'string'))
    throw new Error(`line ${ins.line}: not an exec form`);
  return parsed;
}
