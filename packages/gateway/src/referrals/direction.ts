/**
 * Which way a referral goes in the network's hierarchy (each organization's parent): up is to a
 * higher hospital, down to a lower one. Only a direction the hierarchy contradicts is refused —
 * up to an organization below the sender, down to one above it; between organizations the
 * hierarchy does not relate (two regional centres, a network without parents) either is allowed.
 */
import type { ReferralDirection } from '@ihkit/core';
import type { Organizations } from '../organizations/registry.js';

/** The organizations above `id`, nearest first. */
function ancestors(organizations: Organizations, id: string): string[] {
  const out: string[] = [];
  for (let parent = organizations.get(id)?.parentId; parent !== undefined && !out.includes(parent); parent = organizations.get(parent)?.parentId) out.push(parent);
  return out;
}

export function directionFits(organizations: Organizations, fromId: string, toId: string, direction: ReferralDirection): boolean {
  const [upper, lower] = direction === 'up' ? [toId, fromId] : [fromId, toId];
  // Refused when the one meant to be higher sits below the other.
  return !ancestors(organizations, upper).includes(lower);
}
