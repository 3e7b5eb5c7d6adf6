/** The properties of value that are not undefined, so `{...defaults, ...definedOnly(options)}` keeps defaults. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
