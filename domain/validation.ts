import { en } from 'zod/locales';
import * as z from 'zod/mini';

// zod/mini loads no locale, and without one every message is "Invalid input". The English one says
// what was expected and what came ("Invalid input: expected string, received number"); the APIs
// answer with these messages, so every module that turns zod issues into field errors imports this.
z.config(en());

/**
 * One problem with one input field, in the shape RFC 9457's examples use for an `errors` list:
 * `pointer` is a JSON Pointer (RFC 6901) into the request body.
 */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

const escapePointerToken = (token: PropertyKey): string =>
  String(token).replaceAll('~', '~0').replaceAll('/', '~1');

export const toJsonPointer = (path: readonly PropertyKey[]): string =>
  path.map((token) => `/${escapePointerToken(token)}`).join('');

/** Field-level errors from a zod error; an unknown field gets its own pointer. */
export function toFieldErrors(error: z.core.$ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        pointer: toJsonPointer([...issue.path, key]),
        detail: `unknown field ${JSON.stringify(key)}; remove it (the API accepts only the documented fields)`,
      }));
    }
    return [{ pointer: toJsonPointer(issue.path), detail: issue.message }];
  });
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Parses `input` with `schema`, returning field-level errors instead of throwing. */
export function parseWith<S extends z.ZodMiniType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  return result.success
    ? { ok: true, value: result.data }
    : { ok: false, errors: toFieldErrors(result.error) };
}

/** An enum schema whose error names what the value must be and lists the values. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `must be ${what}: ${values.join(', ')}` });

/**
 * A schema built on its first use instead of when its module loads. For the schemas a function parses
 * on some of its requests only: the master-data records and drafts, where one function serves every
 * kind of a family (parts, labour operations, warehouses and warranty plans; partners, markets and
 * keys; service centres and technicians; the CSV imports) and a request reads one kind. Built at
 * load, they were most of those functions' cold start beyond a minimal handler's (issue 18: 198 zod
 * schemas at init for the catalogue's function, 71 now). A schema that every request of its functions
 * parses stays a plain constant: deferring it would only move the work into the first request.
 *
 * The proxy stands for the schema everywhere (parse, `z.infer`, `z.omit`, nesting in another schema).
 * Properties are reported configurable, as a proxy's empty target requires of properties it lacks.
 */
export function builtOnFirstUse<S extends object>(build: () => S): S {
  let schema: S | undefined;
  const built = () => (schema ??= build());
  return new Proxy({} as S, {
    get: (_, key) => Reflect.get(built(), key),
    set: (_, key, value) => Reflect.set(built(), key, value),
    has: (_, key) => Reflect.has(built(), key),
    ownKeys: () => Reflect.ownKeys(built()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(built(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(built(), key, descriptor),
    deleteProperty: (_, key) => Reflect.deleteProperty(built(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(built()),
  });
}
