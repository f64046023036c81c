// Browser tests of the built example site, served on 127.0.0.1 only.
// The site is built by scripts/test.sh into MINHBACH_SITE before this runs.
import { defineConfig } from "@playwright/test";
import { execSync } from "node:child_process";

const port = Number(process.env.MINHBACH_PORT || 4517);
const site = process.env.MINHBACH_SITE;
if (!site) throw new Error("MINHBACH_SITE must name the built site folder (scripts/test.sh sets it)");
const chromium = execSync("command -v chromium", { shell: "/bin/sh" }).toString().trim();

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.mjs/,
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: chromium,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  webServer: {
    command: `python3 -m http.server ${port} --bind 127.0.0.1 --directory "${site}"`,
    url: `http://127.0.0.1:${port}/`,
    reuseExistingServer: false,
    timeout: 20_000,
    stdout: "ignore",
    stderr: "ignore",
  },
});
