/**
 * Small builders for simulation tables: a row says what is requested, why, and what IAM must answer.
 */
import { Case, SimRequest } from './requests';

function describeRequest(r: SimRequest): string {
  const context = Object.entries(r.context ?? {}).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('|') : v}`);
  return `${r.action} on ${r.resource}${context.length > 0 ? ` with ${context.join(', ')}` : ''}`;
}

/** A request the training job makes: the role must allow it. */
export function allows(why: string, request: SimRequest): Case {
  return { name: `allows ${why}: ${describeRequest(request)}`, request, expected: 'Allowed' };
}

/** A near miss: the role must not allow it. */
export function denies(why: string, request: SimRequest): Case {
  return { name: `denies ${why}: ${describeRequest(request)}`, request, expected: 'ImplicitlyDenied' };
}

/** A near miss a `Deny` statement of the role refuses, whatever else the role allows. */
export function explicitlyDenies(why: string, request: SimRequest): Case {
  return { name: `denies ${why} explicitly: ${describeRequest(request)}`, request, expected: 'ExplicitlyDenied' };
}
