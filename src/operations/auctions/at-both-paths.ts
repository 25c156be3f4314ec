/**
 * Registers one auction operation at the real service's path and at its organisation-scoped alias: the same schema
 * and handler (the alias's `organisationID` is checked against the caller by the auth hook), one operationId each.
 */
export function atBothPaths(path: string, register: (url: string, aliased: boolean) => void): void {
  register(path, false);
  register(`/organisations/:organisationID${path}`, true);
}
