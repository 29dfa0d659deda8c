import { PlannedStatement } from './planned-statement';
import { SizeMeter } from './policy-size';
import { conditionMergeKey, renderStatements, resourceMergeKey } from './render';

/** The characters of `{"Version":"2012-10-17","Statement":[]}`. */
const DOCUMENT_OVERHEAD = JSON.stringify({ Version: '2012-10-17', Statement: [] }).length;

/** Room for a statement number appended to a Sid when a purpose needs several statements. */
const SID_NUMBER_ROOM = 3;

export interface PlacementOptions {
  /** How many managed policies may hold the grants. */
  readonly maxPolicies: number;
  /** The size limit of one policy, in characters. */
  readonly charLimit: number;
  readonly meter: SizeMeter;
}

export interface Placement {
  /** Slot number -> grants, for non-empty slots. Slot 0 holds the grants of no data location. */
  readonly slots: Map<number, PlannedStatement[]>;
  /** Worst-case characters used, per slot (an upper bound of the rendered size). */
  readonly used: Map<number, number>;
  /** Placement keys of the units that could not go to their own slot. */
  readonly displaced: string[];
}

/** Thrown when the grants cannot fit in the allowed policies; carries the numbers. */
export class BudgetExceeded extends Error {
  constructor(public readonly neededChars: number, public readonly availableChars: number) {
    super(`needs about ${neededChars} characters of policy, ${availableChars} are available`);
  }
}

/**
 * Places grants in managed-policy slots so that a statement's slot depends only on what it is
 * about, not on what else the role holds:
 * - grants without an affinity (keys, image, logs, metrics, network: no data location) go to slot 0;
 * - each data location's grants go to slot `1 + hash(bucket) mod (maxPolicies - 1)`, so that
 *   one bucket's prefixes share one listing statement.
 * Adding or removing a location therefore changes only its own slot. Only when that slot is
 * full does a unit move on to the next slot with room (reported in `displaced`).
 */
export function placeGrants(grants: PlannedStatement[], options: PlacementOptions): Placement {
  const units = new Map<string, PlannedStatement[]>();
  for (const g of grants) {
    units.set(g.placementKey, [...(units.get(g.placementKey) ?? []), g]);
  }
  // Grants without an affinity (keys, image, logs, metrics, network...) belong to no data location.
  const isBase = (key: string) => units.get(key)![0].affinity === undefined;
  const order = [...units.keys()].sort((a, b) => {
    const base = Number(isBase(b)) - Number(isBase(a));
    return base || (a < b ? -1 : a > b ? 1 : 0);
  });

  const slots = new Map<number, PlannedStatement[]>();
  const used = new Map<number, number>();
  const mergeKeys = new Map<number, MergeCounts>();
  const displaced: string[] = [];
  const dataSlots = options.maxPolicies - 1;

  for (const key of order) {
    const unit = units.get(key)!;
    const affinity = unit[0].affinity;
    const preferred = affinity === undefined || dataSlots === 0 ? 0 : 1 + (fnv1a(affinity) % dataSlots);
    let placed = false;
    for (let i = 0; i < options.maxPolicies && !placed; i++) {
      const slot = (preferred + i) % options.maxPolicies;
      const keys = mergeKeys.get(slot) ?? new Map<string, number>();
      const before = used.get(slot) ?? DOCUMENT_OVERHEAD;
      const after = before + unitCost(unit, new Map(keys), options.meter);
      if (after <= options.charLimit) {
        unitCost(unit, keys, options.meter); // record the unit's merge keys in the slot
        mergeKeys.set(slot, keys);
        used.set(slot, after);
        slots.set(slot, [...(slots.get(slot) ?? []), ...unit]);
        placed = true;
        if (i > 0) {
          displaced.push(key);
        }
      }
    }
    if (!placed) {
      throw new BudgetExceeded(singlePolicyCost(order.map((k) => units.get(k)!), options.meter),
        options.maxPolicies * options.charLimit);
    }
  }
  return { slots, used, displaced };
}

/** What all units would take in one policy without a size limit: the least they can need. */
function singlePolicyCost(units: PlannedStatement[][], meter: SizeMeter): number {
  const keys: MergeCounts = new Map();
  return units.reduce((n, unit) => n + unitCost(unit, keys, meter), DOCUMENT_OVERHEAD);
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
