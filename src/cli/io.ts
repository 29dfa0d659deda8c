import * as fs from 'fs';

/** Where the command writes: the process's streams, or buffers in tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const PROCESS_IO: CliIo = {
  out: (text) => { process.stdout.write(text); },
  err: (text) => { process.stderr.write(text); },
};

/** Exit codes, as `--help` documents them. */
export const EXIT = {
  /** Nothing found: the policy was printed, or the text was not recognised, or every request is allowed. */
  ok: 0,
  /** A finding: a failure text was recognised, or the role's policies deny a request the job makes. */
  finding: 1,
  /** The command could not run: bad flags, an unreadable or malformed file, a missing optional package. */
  usage: 2,
};

/** An error the user can fix by changing the command line or a file; printed without a stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Reads and parses a JSON file; errors name the file and say why. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file'
      : code === 'EISDIR' ? 'it is a directory'
        : code === 'EACCES' ? 'permission denied'
          : (e as Error).message;
    throw new UsageError(`cannot read ${what} ${file}: ${why}`);
  }
  if (text.trim() === '') {
    throw new UsageError(`${what} ${file} is empty; expected JSON`);
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new UsageError(`${what} ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
