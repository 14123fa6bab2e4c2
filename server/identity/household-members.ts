import type { HouseholdDoc, HouseholdMemberDoc } from './model';

/**
 * The head stays while still a member; otherwise the longest-standing owner takes over, or nobody
 * (staff then decide family registrations for that household).
 */
export function withMembers(h: HouseholdDoc, members: HouseholdMemberDoc[], at: Date): HouseholdDoc {
  const sorted = [...members].sort((a, b) => new Date(a.since).getTime() - new Date(b.since).getTime());
  const headStays = h.headOpenid && sorted.some((m) => m.openid === h.headOpenid && m.relation === 'owner');
  const headOpenid = headStays ? h.headOpenid : (sorted.find((m) => m.relation === 'owner')?.openid ?? null);
  return { ...h, members: sorted, memberCount: sorted.length, headOpenid, updatedAt: at };
}

export function withoutMember(h: HouseholdDoc, openid: string, at: Date): HouseholdDoc {
  return withMembers(
    h,
    h.members.filter((m) => m.openid !== openid),
    at,
  );
}
