import { parseArgs } from 'node:util';
import { UsageError } from './io';

export type OptionSpec = { [name: string]: { type: 'string' | 'boolean'; multiple?: boolean; short?: string } };

export interface Parsed {
  readonly values: { [name: string]: string | boolean | (string | boolean)[] | undefined };
  readonly positionals: string[];
}

/** `node:util` parseArgs with its errors turned into usage errors that read well. */
export function parse(command: string, args: string[], options: OptionSpec, allowPositionals: boolean): Parsed {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as Parsed['values'], positionals };
  } catch (e) {
    const err = e as Error & { code?: string };
    const option = /'(-[^' ]+)/.exec(err.message)?.[1];
    switch (err.code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`${command}: unknown option ${option ?? err.message}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(`${command}: ${/does not take/.test(err.message) ? `${option} takes no value` : `${option} needs a value`}`);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`${command}: unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trimEnd());
      default:
        throw new UsageError(`${command}: ${err.message}`);
    }
  }
}

export function str(values: Parsed['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

export function strs(values: Parsed['values'], name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? [v] : [];
}

export function flag(values: Parsed['values'], name: string): boolean {
  return values[name] === true;
}

/** `--format json|table`, with `--json` as a shorthand. */
export function outputFormat(command: string, values: Parsed['values'], allowed: string[]): string {
  const format = str(values, 'format') ?? (flag(values, 'json') ? 'json' : allowed[0]);
  if (!allowed.includes(format)) {
    throw new UsageError(`${command}: --format must be one of ${allowed.join(', ')}, got ${JSON.stringify(format)}`);
  }
  if (flag(values, 'json') && format !== 'json') {
    throw new UsageError(`${command}: --json and --format ${format} contradict each other`);
  }
  return format;
}
