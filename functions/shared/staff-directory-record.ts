import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import * as z from 'zod/mini';

/**
 * The staff directory record as a deployment keeps it (see staff-directory.ts): read from this
 * region's replica of the secret through Powertools Parameters, cached for five minutes, and checked.
 * A module of its own, `import()`ed by `staffSettings` only when a record is named: the local runtime
 * never reads one, and a deployment's functions load the Secrets Manager client and this schema on
 * their first back-office request, not at init (cold start, issue 18).
 */
export const StaffDirectorySchema = /* @__PURE__ */ (() =>
  z.object({
    /** The staff user pool's id (`<region>_<id>`), in the primary region. */
    userPoolId: z.string().check(z.minLength(1)),
    /** The console's app client id: the `aud` of the ID tokens the APIs accept. */
    clientId: z.string().check(z.minLength(1)),
    /** `https://<distribution>.cloudfront.net`: the only origin the back-office APIs answer CORS for. */
    consoleOrigin: z.url(),
  }))();
export type StaffDirectory = z.infer<typeof StaffDirectorySchema>;

/** How long a container keeps the directory before reading it again. */
export const STAFF_DIRECTORY_MAX_AGE_SECONDS = 300;

/** The record named `name`, checked; an error naming every missing or bad field otherwise. */
export async function readStaffDirectory(name: string): Promise<StaffDirectory> {
  const raw = await getSecret(name, { transform: 'json', maxAge: STAFF_DIRECTORY_MAX_AGE_SECONDS });
  const parsed = StaffDirectorySchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `the staff directory ${name} is not {userPoolId, clientId, consoleOrigin}: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}
