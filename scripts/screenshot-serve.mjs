// Takes docs/serve.png, the README's picture of `assess serve`: Cambodia's page in headless Chromium (Debian's
// chromium package, driven by playwright-core), over a copy of the bundled record, just after its 2024 "Land
// release outputs and Article 5 compliance" score was changed from 7 to 8 in the page. Run it after a change to
// the workspace's look:  npm run build && node scripts/screenshot-serve.mjs
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startWorkspaceServer } from "../dist/index.js";

const picture = fileURLToPath(new URL("../docs/serve.png", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "screenshot-serve-"));
cpSync(fileURLToPath(new URL("../assessments", import.meta.url)), join(root, "assessments"), { recursive: true });
// Served as `npx assess serve` serves it in a checkout: the folder `assessments`, named from where it is.
process.chdir(root);
const server = await startWorkspaceServer({ folder: "assessments", port: 0 });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1180 } });
  await page.goto(`${server.url}programme/mines/cambodia.yaml`);
  await page.waitForFunction(() => document.body.dataset.live === "open");
  const updated = page.evaluate(() => new Promise((resolve) => document.addEventListener("workspace:updated", resolve, { once: true })));
  await page.fill("#score-land-release-outputs", "8");
  await page.getByRole("button", { name: "Save changes to 2024" }).click();
  await updated;
  // The top of the page: the new average and rating, validate's warning about the printed one, the table.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: picture });
} finally {
  await browser.close();
  await server.close();
  rmSync(root, { recursive: true, force: true });
}
