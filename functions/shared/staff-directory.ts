import { type StaffTokenSettings, staffTokenSettingsFromEnv } from './staff-token.ts';

/** The issuer of a Cognito pool's ID tokens, and where its public keys are (Cognito's fixed URL scheme). */
export function staffIssuer(primaryRegion: string, userPoolId: string) {
  const issuer = `https://cognito-idp.${primaryRegion}.amazonaws.com/${userPoolId}`;
  return { issuer, jwksUri: `${issuer}/.well-known/jwks.json` };
}

export interface StaffSettings {
  readonly token: StaffTokenSettings;
  /** The console's origin, for CORS; none means no CORS header. */
  readonly consoleOrigin?: string;
}

/**
 * Where staff sign in: the staff user pool and the console's app client (the issuer and audience
 * of the tokens the back office accepts), and the console's origin (the one origin CORS answers).
 *
 * In AWS these are made by CloudFormation in the primary region and kept in the staff directory
 * record, a Secrets Manager secret replicated to every export region; a function reads its own
 * region's replica by name (`CLAIMFLOW_STAFF_DIRECTORY`) at run time, through Powertools Parameters,
 * cached for five minutes. Resolving them into the template instead cost four CloudFormation dynamic
 * references per function (CloudFormation allows 60 per template), and a value read that way only
 * changed when the function was redeployed. The local runtime, which has no Secrets Manager, gives
 * the same settings as plain variables (`CLAIMFLOW_STAFF_ISSUER`, `…_AUDIENCE`, `…_JWKS_URI`,
 * `CLAIMFLOW_CONSOLE_ORIGIN`), as it gives the link secret.
 *
 * The staff settings of this container: from the directory record when one is named, else from the
 * variables.
 */
export async function staffSettings(env: NodeJS.ProcessEnv = process.env): Promise<StaffSettings> {
  const name = env.CLAIMFLOW_STAFF_DIRECTORY;
  if (!name) {
    const origin = env.CLAIMFLOW_CONSOLE_ORIGIN;
    return { token: staffTokenSettingsFromEnv(env), ...(origin ? { consoleOrigin: origin } : {}) };
  }
  const primaryRegion = env.CLAIMFLOW_PRIMARY_REGION;
  if (!primaryRegion) throw new Error('CLAIMFLOW_PRIMARY_REGION must be set with CLAIMFLOW_STAFF_DIRECTORY');
  // Loaded here, not at module scope: only a deployment reads the directory (cold start, issue 18).
  const { readStaffDirectory } = await import('./staff-directory-record.ts');
  const { userPoolId, clientId, consoleOrigin } = await readStaffDirectory(name);
  return { token: { ...staffIssuer(primaryRegion, userPoolId), audience: clientId }, consoleOrigin };
}
