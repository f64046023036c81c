// Rank-1 accuracy of the search on the example site, with the browser's own search.js.
// Run by scripts/test.sh after building the example site into MINHBACH_SITE.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const site = process.env.MINHBACH_SITE;
const { createSearch, fold, canon, words } = await import(join(here, "../../themes/default/static/search.js"));

function engine() {
  const page = readFileSync(join(site, "tim-kiem/index.html"), "utf8");
  const config = JSON.parse(page.match(/<script type="application\/json" id="search-config">([^]*?)<\/script>/)[1]);
  const folder = join(site, "assets/search");
  return createSearch({ manifest: config.manifest, load: async (path) => JSON.parse(readFileSync(join(folder, path.split("?")[0]), "utf8")) });
}

test("folding and tone placement", () => {
  assert.equal(fold("Giấy khai sinh ĐĂNG"), "giay khai sinh dang");
  assert.equal(canon("hoà"), canon("hòa"));
  assert.notEqual(canon("đường"), canon("dương"));
  assert.deepEqual(words("Mã 1.001193, khai-sinh").map((w) => w.w), ["ma", "1.001193", "khai", "sinh"]);
});

test("rank-1 accuracy on the query set", { skip: !site && "MINHBACH_SITE is not set" }, async () => {
  const queries = JSON.parse(readFileSync(join(here, "queries.json"), "utf8"));
  assert.ok(queries.length >= 50);
  const search = engine();
  const misses = [];
  for (const { q, expect } of queries) {
    const { results } = await search.search(q);
    const first = results[0]?.url ?? "(none)";
    if (!first.endsWith(`/${expect}/`)) misses.push(`${q} → ${first} (expected ${expect})`);
  }
  const accuracy = (queries.length - misses.length) / queries.length;
  console.log(`rank-1 accuracy: ${(accuracy * 100).toFixed(1)} % of ${queries.length} queries`);
  for (const m of misses) console.log(`  miss: ${m}`);
  assert.ok(accuracy >= 0.95, `rank-1 accuracy ${(accuracy * 100).toFixed(1)} %`);
});

test("accents typed rank exact-accent names first; repealed only on request", { skip: !site && "MINHBACH_SITE is not set" }, async () => {
  const search = engine();
  const plain = await search.search("giay phep xay dung nha o rieng le");
  assert.ok(plain.results.every((r) => !r.repealed), "repealed procedures are out of default search");
  const withRepealed = await search.search("giay phep xay dung nha o rieng le", { repealed: true });
  assert.ok(withRepealed.results.some((r) => r.repealed));
  const partial = await search.search("khai sinh xyzxyz");
  assert.equal(partial.partial, true);
  assert.match(partial.results[0].url, /khai-sinh/);
  const free = await search.search("dang ky", { free: true });
  assert.ok(free.results.length > 0);
  assert.ok(free.results.every((r) => r.fee === "Miễn phí"), JSON.stringify(free.results.map((r) => r.fee)));
});

test("a query typed with accents ranks the exact-accent name first", async () => {
  // Two procedures whose names fold to the same words: "Đường ..." and "Dương ...".
  const shards = {
    "t/du.json": { duong: [0, 1, 1, 1], ["@duong"]: { [canon("đường")]: [0], [canon("dương")]: [1] } },
    "d/0.json": [
      { name: "Đường giao thông nông thôn", url: "/a/", agency: "", fee: "" },
      { name: "Dương lịch", url: "/b/", agency: "", fee: "" },
    ],
  };
  const search = createSearch({ manifest: { v: "1", shards: ["du"], chunk: 64 }, load: async (path) => shards[path.split("?")[0]] });
  assert.deepEqual((await search.search("đường")).results.map((r) => r.url), ["/a/", "/b/"]);
  assert.deepEqual((await search.search("dương")).results.map((r) => r.url), ["/b/", "/a/"]);
  assert.equal((await search.search("duong")).results.length, 2, "without accents both match");
});

test("old and new tone placement are equal (hòa = hoà)", async () => {
  const shards = {
    "t/ho.json": { hoa: [0, 1, 1, 1], ["@hoa"]: { [canon("hòa")]: [1], [canon("họa")]: [0] } },
    "d/0.json": [
      { name: "Họa sĩ", url: "/hoa-si/", agency: "", fee: "" },
      { name: "Hòa giải", url: "/hoa-giai/", agency: "", fee: "" },
    ],
  };
  const search = createSearch({ manifest: { v: "1", shards: ["ho"], chunk: 64 }, load: async (path) => shards[path.split("?")[0]] });
  assert.equal((await search.search("hoà")).results[0].url, "/hoa-giai/", "new placement finds the old-placement name first");
  assert.equal((await search.search("hòa")).results[0].url, "/hoa-giai/");
  assert.equal((await search.search("họa")).results[0].url, "/hoa-si/");
});

test("split shards: a word is read from its longest shard, a short prefix from the few it begins", async () => {
  // th → {th}, thu → {thu, thue}, thuc → {thuc}: as the Rust side splits a large "th" shard.
  const files = {
    "t/th.json": { th: [0, 1] },
    "t/thu.json": { thu: [1, 1], thue: [2, 1] },
    "t/thuc.json": { thuc: [3, 1] },
    "d/0.json": ["th", "thu", "thue", "thuc"].map((name) => ({ name, url: `/${name}/` })),
  };
  const requested = [];
  const search = createSearch({
    manifest: { v: "x", shards: ["th", "thu", "thuc"], chunk: 64, docs: 4 },
    load: async (path) => {
      requested.push(path.split("?")[0]);
      return files[path.split("?")[0]];
    },
  });
  const names = async (q) => (await search.search(q)).results.map((r) => r.name);
  assert.deepEqual(await names("thuc"), ["thuc"]);
  assert.deepEqual(requested.filter((p) => p.startsWith("t/")), ["t/thuc.json"]);
  // "thu" typed as the last word: exact first, then every token it begins, across shards.
  assert.deepEqual(await names("thu"), ["thu", "thue", "thuc"]);
  assert.deepEqual((await names("thue")), ["thue"]);
  assert.ok(!requested.includes("t/th.json"), "no shard of shorter tokens is read for longer words");
});
