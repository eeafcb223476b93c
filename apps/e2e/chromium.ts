/**
 * The Chromium the browser tests and the web benchmark launch: Debian's (Playwright downloads
 * none here), without a sandbox (containers) or a GPU, and with nothing of its own going to the
 * network, so that only the app's requests are timed.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
  ],
};
