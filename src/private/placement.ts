import { PlannedStatement } from './planned-statement';
import { SizeMeter } from './policy-size';
import { conditionMergeKey, renderStatements, resourceMergeKey } from './render';

/** The characters of `{"Version":"2012-10-17","Statement":[]}`. */
const DOCUMENT_OVERHEAD = JSON.stringify({ Version: '2012-10-17', Statement: [] }).length;

/** Room for a statement number appended to a Sid when a purpose needs several statements. */
const SID_NUMBER_ROOM = 3;

/**
 * The widest choice of where a policy ends, in characters: a policy ends at the unit with the
 * smallest hash among those that end it at least this full. About ten locations' worth.
 * Narrower windows (halved down to none) are tried when the widest needs more policies than
 * the minimum plus one.
 */
export const CUT_WINDOW = 1024;

export interface PlacementOptions {
  /** How many managed policies may hold the grants. */
  readonly maxPolicies: number;
  /** The size limit of one policy, in characters. */
  readonly charLimit: number;
  readonly meter: SizeMeter;
  /**
   * The widest window in which a policy's end is chosen by hash.
   *
   * @default CUT_WINDOW
   */
  readonly cutWindow?: number;
}

export interface Placement {
  /** The grants of each policy, in policy order; none is empty. */
  readonly policies: PlannedStatement[][];
  /** Worst-case characters used, per policy (an upper bound of the rendered size). */
  readonly used: number[];
  /**
   * The fewest policies any placement can use: all grants in one policy, without a size
   * limit, divided among policies of the limit (splitting a policy only adds characters).
   */
  readonly minimum: number;
  /**
   * The window the policies' ends were chosen in: `cutWindow` when the grants could be placed
   * with it, less when they had to be packed tighter to stay within the minimum plus one, 0
   * when every policy is filled as far as it goes.
   */
  readonly window: number;
}

/** Thrown when the grants cannot fit in the allowed policies; carries the numbers. */
export class BudgetExceeded extends Error {
  constructor(
    /** How many policies the grants need when every policy is filled as far as it goes. */
    public readonly neededPolicies: number,
    /** What all grants need in one policy without a size limit (a lower bound). */
    public readonly neededChars: number,
    /** The fewest policies any placement needs (a lower bound). */
    public readonly minimum: number,
  ) {
    super(`needs ${neededPolicies} managed policies (about ${neededChars} characters)`);
  }
}

/** Grants that share a placement key (one location, one purpose): they are never split. */
interface Unit {
  readonly key: string;
  readonly grants: PlannedStatement[];
}

/**
 * Places grants in as few managed policies as the size limit allows, deterministically and
 * whatever the order of the grants:
 * - grants are grouped into units by placement key and ordered: grants without a data location
 *   (keys, image, logs, metrics, network) first, then data locations by affinity (purpose and
 *   bucket, so a bucket's prefixes share its listing statement) and key;
 * - the units fill policies in that order. A role that fits one policy gets one.
 * - Where a policy ends is chosen among the units that end it at least `limit - window` full:
 *   the one whose key hashes lowest. Adding or removing a location shifts that window by one
 *   location, which rarely changes the unit with the lowest hash; so the policy usually ends at
 *   the same unit, and the policies after it keep their statements. Filling every policy to the
 *   brim instead would move one location across every later boundary for each location added.
 * The window is halved (down to none) until the count is at most the minimum plus one and
 * within `maxPolicies`.
 */
export function placeGrants(grants: PlannedStatement[], options: PlacementOptions): Placement {
  const units = orderedUnits(grants);
  const single = singlePolicyCost(units, options.meter);
  const minimum = single <= options.charLimit ? 1
    : Math.ceil((single - DOCUMENT_OVERHEAD) / (options.charLimit - DOCUMENT_OVERHEAD));
  const target = Math.min(minimum + 1, options.maxPolicies);

  let window = options.cutWindow ?? CUT_WINDOW;
  for (;;) {
    const packed = pack(units, options, window);
    if (packed.policies.length <= target || window === 0) {
      if (packed.policies.length > options.maxPolicies) {
        throw new BudgetExceeded(packed.policies.length, single, minimum);
      }
      return { ...packed, minimum, window };
    }
    window = window >= 64 ? Math.floor(window / 2) : 0;
  }
}

function orderedUnits(grants: PlannedStatement[]): Unit[] {
  const byKey = new Map<string, PlannedStatement[]>();
  for (const g of grants) {
    byKey.set(g.placementKey, [...(byKey.get(g.placementKey) ?? []), g]);
  }
  const units = [...byKey].map(([key, unitGrants]) => ({ key, grants: unitGrants }));
  // Grants without an affinity (keys, image, logs, metrics, network...) belong to no data location.
  const sortKey = (u: Unit) => [u.grants[0].affinity === undefined ? 0 : 1, u.grants[0].affinity ?? '', u.key] as const;
  return units.sort((a, b) => {
    const [x, y] = [sortKey(a), sortKey(b)];
    return x[0] - y[0] || byCodeUnit(x[1], y[1]) || byCodeUnit(x[2], y[2]);
  });
}

/** Fills policies with the units in order, each policy ending where the window says. */
function pack(units: Unit[], options: PlacementOptions, window: number): { policies: PlannedStatement[][]; used: number[] } {
  const policies: PlannedStatement[][] = [];
  const used: number[] = [];
  let start = 0;
  while (start < units.length) {
    // How full the policy is after each unit that fits, in order.
    const fill: number[] = [];
    const keys: MergeCounts = new Map();
    let size = DOCUMENT_OVERHEAD;
    for (let i = start; i < units.length; i++) {
      const after = size + unitCost(units[i].grants, new Map(keys), options.meter);
      if (after > options.charLimit) {
        break;
      }
      unitCost(units[i].grants, keys, options.meter);
      size = after;
      fill.push(size);
    }
    if (fill.length === 0) {
      // One location alone is larger than a policy; no placement can hold it.
      throw new BudgetExceeded(Infinity, singlePolicyCost(units, options.meter), Infinity);
    }
    let last = fill.length - 1;
    if (start + fill.length < units.length) {
      for (let i = 0; i < fill.length - 1; i++) {
        if (fill[i] >= options.charLimit - window && fnv1a(units[start + i].key) < fnv1a(units[start + last].key)) {
          last = i;
        }
      }
    }
    policies.push(units.slice(start, start + last + 1).flatMap((u) => u.grants));
    used.push(fill[last]);
    start += last + 1;
  }
  return { policies, used };
}

/** What all units would take in one policy without a size limit: the least they can need. */
function singlePolicyCost(units: Unit[], meter: SizeMeter): number {
  const keys: MergeCounts = new Map();
  return units.reduce((n, unit) => n + unitCost(unit.grants, keys, meter), DOCUMENT_OVERHEAD);
}

/** Merge key -> how many values the merged statement holds so far, in one policy. */
type MergeCounts = Map<string, number>;

/**
 * An upper bound of what a unit adds to a policy that already holds the merge keys in `keys`
 * (which it updates): a value merged into an existing statement costs the value and a comma
 * (and two brackets when a single value becomes a list); anything else costs a whole statement.
 */
function unitCost(unit: PlannedStatement[], keys: MergeCounts, meter: SizeMeter): number {
  let cost = 0;
  for (const g of unit) {
    const byCondition = conditionMergeKey(g);
    const key = byCondition ?? resourceMergeKey(g);
    const held = keys.get(key) ?? 0;
    const values = byCondition !== undefined
      ? Object.values(g.conditions![Object.keys(g.conditions!)[0]])[0]
      : g.resources;
    if (held > 0) {
      cost += values.reduce((n, v) => n + meter.jsonLength(v, g.tokenBound) + 1, held === 1 ? 2 : 0);
    } else {
      const [statement] = renderStatements([g], (s) => s);
      cost += meter.jsonLength(statement, g.tokenBound) + SID_NUMBER_ROOM + 1;
    }
    keys.set(key, held + values.length);
  }
  return cost;
}

/** Compares by UTF-16 code units: the same order on every machine, whatever its locale. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/* eslint-disable no-bitwise */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
/* eslint-enable no-bitwise */
