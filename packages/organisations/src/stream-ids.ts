/** The stream of one organisation. */
export const orgStreamId = (orgId: number): string => `org-${orgId}`;

/** The stream that hands out org ids; it shares the `org` category with the org streams. */
export const ORG_REGISTRY_STREAM = 'org-registry';
