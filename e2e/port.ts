/**
 * The port of the e2e server. `E2E_PORT` moves it, so that two checkouts on
 * one machine can run their e2e suites at once without one reusing the
 * other's server.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4173);
export const E2E_ORIGIN = `http://localhost:${E2E_PORT}`;
