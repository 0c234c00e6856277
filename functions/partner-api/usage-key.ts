/**
 * The API Gateway API key that meters a partner against its tier's usage plan. Partners never see
 * or send it: the REST API takes it from the authorizer (`apiKeySourceType: AUTHORIZER`), which
 * returns it as `usageIdentifierKey` once the partner's own key checked out. So it is an
 * identifier, not a secret, and can be derived from the partner id; onboarding a partner creates
 * an API key with this value in the usage plan of the partner's tier.
 */
export const usageKeyOf = (partnerId: string): string => `claimflow-usage-${partnerId}`.padEnd(20, '-');
