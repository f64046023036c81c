// minhbach search against Pagefind, on the same built output (run by scripts/search-bench.sh).
//
//   node bench.mjs <big site: built 10k synthetic output> <small site: built example output>
//
// Reports: index build time, total index size, bytes (gzip) and requests of a first query in
// a real browser (Debian chromium), and rank-1 accuracy on tests/search/queries.json.
// Everything is served from 127.0.0.1; nothing is downloaded from elsewhere.
import { chromium } from "@playwright/test";
import { execSync, spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { join, extname, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const [big, small, oursIndexMs] = process.argv.slice(2);
if (!big || !small) throw new Error("usage: node bench.mjs <big site> <small site> [our index ms]");
const pagefindBin = join(here, "node_modules/.bin/pagefind");
const queries = JSON.parse(readFileSync(join(here, "../../tests/search/queries.json"), "utf8"));
const { createSearch } = await import(join(here, "../../themes/default/static/search.js"));

/** Runs Pagefind over the procedure pages of `site` (output in site/pagefind); returns ms. */
function pagefind(site) {
  rmSync(join(site, "pagefind"), { recursive: true, force: true });
  const started = process.hrtime.bigint();
  const run = spawnSync(pagefindBin, ["--site", site, "--glob", "thu-tuc/*/index.html"], { encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (run.status !== 0) throw new Error(`pagefind failed:\n${run.stdout}\n${run.stderr}`);
  return ms;
}

function folderBytes(dir) {
  let raw = 0;
  let gz = 0;
  let files = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      const sub = folderBytes(path);
      raw += sub.raw;
      gz += sub.gz;
      files += sub.files;
    } else {
      const bytes = readFileSync(path);
      raw += bytes.length;
      gz += compressed(bytes);
      files += 1;
    }
  }
  return { raw, gz, files };
}

/** Bytes on the wire with gzip: files Pagefind already gzipped are counted as they are. */
function compressed(bytes) {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? bytes.length : gzipSync(bytes, { level: 6 }).length;
}

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".json": "application/json", ".css": "text/css", ".wasm": "application/wasm" };

/** A static file server on 127.0.0.1 (ephemeral port). */
function serve(root) {
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (path.endsWith("/")) path += "index.html";
    const file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

const browser = await chromium.launch({
  executablePath: execSync("command -v chromium", { shell: "/bin/sh" }).toString().trim(),
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});

// Pagefind's side of a page: load its module, search, load the first five results' data
// (what its default UI shows). Written next to the site's pages for the bench only.
const PAGEFIND_PAGE = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>bench</title>
<script type="module">
window.pagefindSearch = async (q, n) => {
  const pf = await import("/pagefind/pagefind.js");
  const found = await pf.search(q);
  const data = await Promise.all(found.results.slice(0, n).map((r) => r.data()));
  return data.map((d) => d.url);
};
window.ready = true;
</script>`;

/** Bytes and requests of the first query, in a fresh browser context. */
async function firstQuery(site, engine, q) {
  const server = await serve(site);
  const base = `http://127.0.0.1:${server.address().port}`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const responses = [];
  page.on("response", (r) => responses.push(r));
  let counted = (r) => r.url().includes("/pagefind/");
  if (engine === "pagefind") {
    await page.goto(`${base}/__bench.html`);
    await page.waitForFunction(() => window.ready);
    await page.evaluate((q) => window.pagefindSearch(q, 5), q);
  } else {
    // The search page as a citizen opens it with a query: the module, the shards, the records.
    counted = (r) => r.url().includes("/assets/search");
    await page.goto(`${base}/tim-kiem/?q=${encodeURIComponent(q)}`);
    await page.locator("#search-results li").first().waitFor();
    await page.waitForLoadState("networkidle");
  }
  let bytes = 0;
  let requests = 0;
  for (const r of responses.filter(counted)) {
    bytes += compressed(await r.body());
    requests += 1;
  }
  await context.close();
  server.close();
  return { bytes, requests };
}

async function pagefindAccuracy(site) {
  const server = await serve(site);
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/__bench.html`);
  await page.waitForFunction(() => window.ready);
  let hits = 0;
  const misses = [];
  for (const { q, expect } of queries) {
    const [first] = await page.evaluate((q) => window.pagefindSearch(q, 1), q);
    if (first?.endsWith(`/${expect}/`)) hits += 1;
    else misses.push(`${q} → ${first ?? "(none)"}`);
  }
  await page.close();
  server.close();
  return { hits, misses };
}

async function oursAccuracy(site) {
  const html = readFileSync(join(site, "tim-kiem/index.html"), "utf8");
  const config = JSON.parse(html.match(/<script type="application\/json" id="search-config">([^]*?)<\/script>/)[1]);
  const folder = join(site, "assets/search");
  const search = createSearch({ manifest: config.manifest, load: async (p) => JSON.parse(readFileSync(join(folder, p.split("?")[0]), "utf8")) });
  let hits = 0;
  const misses = [];
  for (const { q, expect } of queries) {
    const { results } = await search.search(q);
    if (results[0]?.url.endsWith(`/${expect}/`)) hits += 1;
    else misses.push(`${q} → ${results[0]?.url ?? "(none)"}`);
  }
  return { hits, misses };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const rows = [];
const pagefindMs = pagefind(big);
pagefind(small);
for (const site of [big, small]) writeFileSync(join(site, "__bench.html"), PAGEFIND_PAGE);
const oursSize = folderBytes(join(big, "assets/search"));
const pfSize = folderBytes(join(big, "pagefind"));
rows.push(["index build, 10,000 procedures", `${oursIndexMs ?? "?"} ms`, `${pagefindMs.toFixed(0)} ms`]);
rows.push(["index size (files, raw / gzip)", `${oursSize.files} files, ${kb(oursSize.raw)} / ${kb(oursSize.gz)}`, `${pfSize.files} files, ${kb(pfSize.raw)} / ${kb(pfSize.gz)}`]);
for (const q of ["giay khai sinh", "dang ky thuong tru", "ly lich tu phap", "cap lai giay phep lai xe", "9.000168"]) {
  const ours = await firstQuery(big, "ours", q);
  const pf = await firstQuery(big, "pagefind", q);
  rows.push([`first query \`${q}\`: gzip bytes, requests`, `${kb(ours.bytes)}, ${ours.requests}`, `${kb(pf.bytes)}, ${pf.requests}`]);
}
const oursAcc = await oursAccuracy(small);
const pfAcc = await pagefindAccuracy(small);
const pct = (a) => `${((100 * a.hits) / queries.length).toFixed(1)} % (${a.hits}/${queries.length})`;
rows.push([`rank-1 accuracy, example site, ${queries.length} queries`, pct(oursAcc), pct(pfAcc)]);
await browser.close();
for (const site of [big, small]) rmSync(join(site, "__bench.html"));

console.log("| measure | minhbach | Pagefind 1.6.0 |\n|---|---:|---:|");
for (const r of rows) console.log(`| ${r.join(" | ")} |`);
if (process.env.VERBOSE) {
  console.log("\nminhbach misses:", oursAcc.misses);
  console.log("Pagefind misses:", pfAcc.misses);
}
