import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Read before Next creates its telemetry client, so builds and servers never report usage.
process.env.NEXT_TELEMETRY_DISABLED ??= "1";

const withNextIntl = createNextIntlPlugin("./src/i18n/request.ts");

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // PGlite ships WASM and data files it loads from its own folder: bundling it breaks that.
  // undici (the review webhooks' guarded connections, packages/db/src/reviews/webhook.ts) is
  // loaded from node_modules as published.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "undici"],
  // `forbidden()` answers 403 with app/forbidden.tsx when a signed-in user lacks the role.
  experimental: { authInterrupts: true },
  transpilePackages: ["@parcours/api", "@parcours/db", "@parcours/ui", "@parcours/validators"],
};

export default withNextIntl(config);
