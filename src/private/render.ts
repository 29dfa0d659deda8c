import { Conditions, PlannedStatement } from './planned-statement';
import { STATEMENT_ORDER } from '../permissions';

/** A statement ready for a policy document; values may still hold tokens. */
export interface RenderedStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: string | string[];
  readonly Resource: string | string[];
  readonly Condition?: Conditions;
}

/**
 * Merges grants of the same purpose into as few statements as grant exactly the same:
 * 1. grants on the same single resource with the same single condition key (one bucket's
 *    `s3:ListBucket` with several prefixes) carry all values in one condition;
 * 2. grants with the same actions and conditions carry all resources in one statement.
 * Sids are the purpose, numbered when a purpose needs more than one statement.
 */
export function renderStatements(grants: PlannedStatement[], stableKey: (value: string) => string): RenderedStatement[] {
  const sortedUnion = (a: string[], b: string[]) =>
    [...new Set([...a, ...b])].sort((x, y) => byCodeUnit(stableKey(x), stableKey(y)));
  // Every list is sorted by its stable form, merged or not, so input order never shows.
  const merged = mergeByResources(mergeConditionValues(grants, sortedUnion), sortedUnion)
    .map((g) => ({ ...g, resources: sortedUnion(g.resources, []) }));
  const sortKey = (values: string[]) => JSON.stringify(values.map(stableKey));
  merged.sort((a, b) => compareGrants(a, b, sortKey));
  const counts = new Map<string, number>();
  for (const g of merged) {
    counts.set(g.sid, (counts.get(g.sid) ?? 0) + 1);
  }
  const seen = new Map<string, number>();
  return merged.map((g) => {
    const n = (seen.get(g.sid) ?? 0) + 1;
    seen.set(g.sid, n);
    const sid = counts.get(g.sid)! > 1 ? `${g.sid}${n}` : g.sid;
    return {
      Sid: sid,
      Effect: 'Allow',
      Action: scalar(g.actions),
      Resource: scalar(g.resources),
      ...(g.conditions ? { Condition: g.conditions } : {}),
    };
  });
}

/** The key under which grants merge their condition values, or undefined when they cannot. */
export function conditionMergeKey(g: PlannedStatement): string | undefined {
  const ops = Object.keys(g.conditions ?? {});
  if (g.resources.length !== 1 || ops.length !== 1) {
    return undefined;
  }
  const keys = Object.keys(g.conditions![ops[0]]);
  if (keys.length !== 1) {
    return undefined;
  }
  return JSON.stringify([g.sid, g.actions, g.resources[0], ops[0], keys[0]]);
}

/** The key under which grants merge their resources. */
export function resourceMergeKey(g: PlannedStatement): string {
  return JSON.stringify([g.sid, g.actions, g.conditions ?? null]);
}

type Union = (a: string[], b: string[]) => string[];

function mergeConditionValues(grants: PlannedStatement[], sortedUnion: Union): PlannedStatement[] {
  const out: PlannedStatement[] = [];
  const byKey = new Map<string, PlannedStatement>();
  for (const g of grants) {
    const key = conditionMergeKey(g);
    const existing = key === undefined ? undefined : byKey.get(key);
    if (key === undefined) {
      out.push(g);
    } else if (!existing) {
      byKey.set(key, g);
      out.push(g);
    } else {
      const op = Object.keys(existing.conditions!)[0];
      const ck = Object.keys(existing.conditions![op])[0];
      const values = sortedUnion(existing.conditions![op][ck], g.conditions![op][ck]);
      const replacement: PlannedStatement = { ...existing, conditions: { [op]: { [ck]: values } } };
      out[out.indexOf(existing)] = replacement;
      byKey.set(key, replacement);
    }
  }
  return out;
}

function mergeByResources(grants: PlannedStatement[], sortedUnion: Union): PlannedStatement[] {
  const byKey = new Map<string, PlannedStatement>();
  for (const g of grants) {
    const key = resourceMergeKey(g);
    const existing = byKey.get(key);
    byKey.set(key, existing ? { ...existing, resources: sortedUnion(existing.resources, g.resources) } : g);
  }
  return [...byKey.values()];
}

function compareGrants(a: PlannedStatement, b: PlannedStatement, sortKey: (values: string[]) => string): number {
  // In the purposes' reading order; a Sid no purpose lists sorts last, by name.
  const rank = (sid: string) => {
    const i = STATEMENT_ORDER.indexOf(sid);
    return i < 0 ? STATEMENT_ORDER.length : i;
  };
  return rank(a.sid) - rank(b.sid)
    || byCodeUnit(a.sid, b.sid)
    || byCodeUnit(sortKey(a.resources), sortKey(b.resources))
    || byCodeUnit(sortKey(conditionValues(a)), sortKey(conditionValues(b)));
}

function conditionValues(g: PlannedStatement): string[] {
  return Object.values(g.conditions ?? {}).flatMap((byKey) => Object.values(byKey).flat());
}

function scalar(values: string[]): string | string[] {
  return values.length === 1 ? values[0] : values;
}

/** Compares by UTF-16 code units: the same order on every machine, whatever its locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
