import { Stack, Tokenization } from 'aws-cdk-lib';
import { STRING_TOKEN } from './tokens';


/** IAM's quota for one customer managed policy, counted without whitespace. */
export const MANAGED_POLICY_CHAR_LIMIT = 6144;

/**
 * Worst-case resolved lengths of the pseudo parameters, whatever the partition or region.
 * Partition: `aws-us-gov` is the longest (10). Regions are at most 14 characters today
 * (`ap-southeast-7`); 20 leaves room for new ones.
 */
const PSEUDO_BOUND: { [ref: string]: number } = {
  'AWS::Partition': 10,
  'AWS::Region': 20,
  'AWS::AccountId': 12,
  'AWS::URLSuffix': 16,
};

/**
 * Measures JSON as IAM counts it (no whitespace), with every unresolved token counted at its
 * worst-case resolved length: pseudo parameters by the table above, other tokens at `tokenBound`.
 */
export class SizeMeter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly stack: Stack) {}

  /** Length of `JSON.stringify(value)` once every token is resolved, at worst. */
  public jsonLength(value: unknown, tokenBound: number): number {
    const json = JSON.stringify(value);
    if (!json.includes('${Token[')) {
      return json.length;
    }
    let length = json.length;
    for (const encoded of json.match(STRING_TOKEN) ?? []) {
      length += this.tokenLength(encoded, tokenBound) - encoded.length;
    }
    return length;
  }

  private tokenLength(encoded: string, tokenBound: number): number {
    const cached = this.cache.get(encoded);
    if (cached !== undefined) {
      return cached > 0 ? cached : tokenBound;
    }
    const resolved = this.stack.resolve(Tokenization.reverseString(encoded).firstToken);
    const ref = resolved && typeof resolved === 'object' ? (resolved as { Ref?: string }).Ref : undefined;
    const bound = ref !== undefined && ref in PSEUDO_BOUND ? PSEUDO_BOUND[ref] : -1;
    this.cache.set(encoded, bound);
    return bound > 0 ? bound : tokenBound;
  }
}
