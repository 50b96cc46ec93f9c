// A problem with what an evaluation or a bench was given (a missing, unreadable or malformed
// file): `npm run eval` / `npm run bench` print it as one line and exit 2, where a bug in the
// command itself still shows its stack.
export class InputError extends Error {}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
  ENOTDIR: 'not a directory',
};

/** One line describing an input problem, or undefined when `err` is not one. */
export function inputProblem(err: unknown): string | undefined {
  if (err instanceof InputError) return err.message;
  if (err instanceof SyntaxError) return `malformed input: ${err.message}`;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e.code === 'string' && FILE_ERRORS[e.code])
    return `cannot read ${e.path ?? 'the file'}: ${FILE_ERRORS[e.code]}`;
  return undefined;
}

/** Runs a command's main; an input problem ends it with one line on stderr and exit code 2. */
export async function runCommand(label: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    const problem = inputProblem(err);
    if (problem === undefined) throw err;
    console.error(`${label}: ${problem}`);
    process.exit(2);
  }
}
