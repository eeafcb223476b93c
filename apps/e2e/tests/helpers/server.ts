/** The e2e server (scripts/serve.mjs): never 3000, where a developer's own app runs. */
export const PORT = Number(process.env.E2E_PORT ?? 3200);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
