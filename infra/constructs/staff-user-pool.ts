import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccountRecovery,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  StringAttribute,
  UserPool,
  UserPoolGroup,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { STAFF_ROLES, type StaffRole } from '../../functions/shared/staff-token.ts';
import type { Config } from '../config.ts';

/** The custom attribute holding an adjuster's limits: JSON, currency → minor units (`custom:approval_limits`). */
export const APPROVAL_LIMITS_ATTRIBUTE = 'approval_limits';

const GROUP_DESCRIPTIONS: Record<StaffRole, string> = {
  viewer: 'Reads claims, queues, inventory, partners and metrics',
  adjuster: 'Also decides reviews up to custom:approval_limits, and cancels claims',
  manager: 'Everything, without an approval limit: restocks, imports, redrives',
};

export interface StaffUserPoolProps {
  readonly config: Config;
}

/**
 * The back-office staff directory (DESIGN §7): ONE Cognito user pool, in the primary region, for
 * the staff of every region. HQ staff and regional adjusters are one population that works
 * across regions (the console calls each region's API with the same token); a pool per region
 * would keep each person in up to three places, with three passwords and three MFA devices, and
 * Cognito does not replicate pools. Tokens are verified anywhere: every region's API Gateway
 * authorizer names this pool by ARN and verifies its tokens; the handlers read the verified claims.
 * The cost is a dependency on the primary region for signing in (not for calls already signed in,
 * until the ID token expires), which is where the HQ back office lives anyway.
 *
 * Roles are groups (`cognito:groups` in the ID token); the approval limits are a custom attribute
 * that only administrators write (the console's app client may read it, never write it).
 */
export class StaffUserPool extends Construct {
  readonly userPool: UserPool;
  readonly groups: Record<StaffRole, UserPoolGroup>;

  constructor(scope: Construct, id: string, props: StaffUserPoolProps) {
    super(scope, id);
    const { config } = props;
    const stack = Stack.of(this);
    if (stack.region !== config.primaryRegion)
      throw new Error(`StaffUserPool belongs in the primary region ${config.primaryRegion}`);

    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `${config.appName}-staff`,
      // Administrators create staff accounts (AdminCreateUser): nobody signs up by themselves.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        [APPROVAL_LIMITS_ATTRIBUTE]: new StringAttribute({ minLen: 2, maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 14,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      // Staff approve money: a second factor always, by authenticator app (no SMS: cost, SIM swaps).
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: threat protection (compromised credentials, risky sign-ins) enforced.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      // The users are data: a stack deletion must not take them with it.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Precedence: the lowest wins as cognito:preferred_role; the API takes the highest rank itself.
    const precedence: Record<StaffRole, number> = { manager: 0, adjuster: 1, viewer: 2 };
    this.groups = Object.fromEntries(
      STAFF_ROLES.map((role) => [
        role,
        new UserPoolGroup(this, `Group-${role}`, {
          userPool: this.userPool,
          groupName: role,
          description: GROUP_DESCRIPTIONS[role],
          precedence: precedence[role],
        }),
      ]),
    ) as Record<StaffRole, UserPoolGroup>;
  }
}
