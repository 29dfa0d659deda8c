/**
 * Types for checking JSON fixtures against the AWS SDK's types, honestly.
 *
 * The AWS CLI prints what the SDK returns, with two differences that a JSON import cannot hide:
 * timestamps are ISO strings where the SDK has `Date`, and enum values (the SDK's string literal
 * unions, e.g. `TrainingJobStatus`) arrive as plain `string` because TypeScript widens the strings
 * of an imported JSON file. `AwsJson<T>` makes exactly those two changes; `SpecialFields` then lists
 * every field of a fixture that they touched, so a test can check those values at run time
 * against the SDK's enum objects and as timestamps.
 */

/** An SDK type as the AWS CLI prints it and a JSON import types it. */
export type AwsJson<T> =
  T extends Date ? string
    // An enum (a string literal union) widens to string, as the imported JSON does; checked at run time.
    : T extends string ? string
      : T extends readonly (infer U)[] ? AwsJson<U>[]
        : T extends object ? { [K in keyof T]: AwsJson<T[K]> }
          : T;

/** The fields of `Fixture` that `Shape` does not have: a misspelled or invented field. */
export type UnknownFields<Fixture, Shape, Path extends string = ''> =
  Fixture extends readonly (infer F)[]
    ? NonNullable<Shape> extends readonly (infer S)[] ? UnknownFields<F, S, `${Path}[]`> : never
    : Fixture extends object
      ? { [K in keyof Fixture & string]: K extends keyof NonNullable<Shape>
        ? UnknownFields<Fixture[K], NonNullable<Shape>[K], Join<Path, K>>
        : Join<Path, K> }[keyof Fixture & string]
      : never;

/** Compile time only: fails to type-check when `Fields` is not `never`, and names the fields. */
export function expectNoUnknownFields<Fields extends never>(): void {
  // Nothing at run time: the type argument is the check.
  void (undefined as Fields | undefined);
}

type Join<Path extends string, K extends string> = Path extends '' ? K : `${Path}.${K}`;

type Kind<T> = [NonNullable<T>] extends [Date] ? 'timestamp'
  : [NonNullable<T>] extends [string] ? string extends NonNullable<T> ? 'plain' : 'enum'
    : 'plain';

/** Paths (`InputDataConfig[].DataSource.S3DataSource.S3DataType`) of the fixture's fields that are an enum or a timestamp in the SDK. */
export type SpecialPaths<Fixture, Sdk, Path extends string = ''> =
  Fixture extends readonly (infer F)[]
    ? NonNullable<Sdk> extends readonly (infer S)[] ? SpecialPaths<F, S, `${Path}[]`> : never
    : Fixture extends object
      ? { [K in keyof Fixture & keyof NonNullable<Sdk> & string]: Kind<NonNullable<Sdk>[K]> extends 'plain'
        ? SpecialPaths<Fixture[K], NonNullable<Sdk>[K], Join<Path, K>>
        : Join<Path, K> }[keyof Fixture & keyof NonNullable<Sdk> & string]
      : never;

/** The SDK's type at a path of `SpecialPaths`. */
export type AtPath<T, P extends string> =
  P extends `${infer Head}.${infer Rest}` ? AtPath<Step<NonNullable<T>, Head>, Rest> : NonNullable<Step<NonNullable<T>, P>>;

type Step<T, Key extends string> =
  Key extends `${infer K}[]` ? NonNullable<T[K & keyof T]> extends readonly (infer I)[] ? I : never : T[Key & keyof T];

/** Marks a timestamp field in a `SpecialFields` table. */
export const TIMESTAMP = 'timestamp';

/**
 * One entry for every enum or timestamp field the fixtures use, no more and no fewer: an enum
 * field maps to the SDK's enum object of that field's type, a timestamp to `TIMESTAMP`.
 */
export type SpecialFields<Fixture, Sdk> = {
  readonly [P in SpecialPaths<Fixture, Sdk>]: AtPath<Sdk, P> extends Date
    ? typeof TIMESTAMP
    : { readonly [name: string]: AtPath<Sdk, P> };
};

/** The values at a path of `SpecialPaths` (arrays expanded); none when the fixture lacks the field. */
export function valuesAt(json: unknown, path: string): unknown[] {
  let values: unknown[] = [json];
  for (const part of path.split('.')) {
    const key = part.replace(/\[\]$/, '');
    values = values
      .map((v) => (typeof v === 'object' && v !== null ? (v as { [k: string]: unknown })[key] : undefined))
      .filter((v) => v !== undefined && v !== null);
    if (part.endsWith('[]')) {
      values = values.flatMap((v) => (Array.isArray(v) ? v : []));
    }
  }
  return values;
}
