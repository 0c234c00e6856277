import * as z from 'zod/mini';

/**
 * A whole-number query parameter from `min` to `max` (`?limit=20`): digits only, then the number
 * checked against its range, with one message that says both. Query strings are text, hence the
 * pipe from string to number.
 */
export const wholeNumberParam = (name: string, min: number, max: number) => {
  const message = `${name} must be a whole number from ${min} to ${max}`;
  return z.pipe(
    z.pipe(z.string().check(z.regex(/^[0-9]{1,9}$/, message)), z.transform(Number)),
    z.number().check(z.gte(min, message), z.lte(max, message)),
  );
};
