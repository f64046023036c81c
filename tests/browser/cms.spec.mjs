// The editors' CMS, driven for real in Chromium: the vendored Decap CMS at /admin/ of
// `minhbach serve`, on a copy of the example site in a temporary folder.
import { test, expect } from "@playwright/test";
import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "../..");
const bin = process.env.MINHBACH_BIN || path.join(repo, "target/debug/minhbach");
const port = Number(process.env.MINHBACH_CMS_PORT || 4627);
const origin = `http://127.0.0.1:${port}`;
const BIRTH = "content/procedures/ho-tich/dang-ky-khai-sinh.yaml";

let site;
let server;

test.describe.configure({ mode: "serial", timeout: 90_000 });

test.beforeAll(async () => {
  site = fs.mkdtempSync(path.join(os.tmpdir(), "minhbach-cms-spec-"));
  fs.copyFileSync(path.join(repo, "site.toml"), path.join(site, "site.toml"));
  fs.cpSync(path.join(repo, "content"), path.join(site, "content"), { recursive: true });
  server = spawn(bin, ["serve", "--root", site, "--port", String(port), "--today", "2026-11-22"], { stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${origin}/admin/`)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("minhbach serve did not start");
});

test.afterAll(() => {
  server?.kill();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

const read = (rel) => fs.readFileSync(path.join(site, rel), "utf8");

// Every request of every test stays on 127.0.0.1.
test.beforeEach(async ({ page }, info) => {
  // Decap keeps the signed-in user; every load starts signed out, so `open` can sign in.
  await page.addInitScript(() => window.localStorage.removeItem("decap-cms-user"));
  info.outside = [];
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (!["127.0.0.1"].includes(u.hostname) && !["data:", "blob:"].includes(u.protocol)) info.outside.push(r.url());
  });
});
test.afterEach(async ({}, info) => {
  expect(info.outside, "requests that left 127.0.0.1").toEqual([]);
});

async function open(page, hash) {
  await page.goto("about:blank"); // a fresh load each time, not a change of hash
  await page.goto(`${origin}/admin/#${hash}`);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
}

async function publish(page) {
  await page.getByRole("button", { name: /^Công bố$/ }).first().click();
  await page.getByText("Công bố ngay").first().click();
}

test("the UI is Vietnamese and lists procedures by code and name", async ({ page }) => {
  await open(page, "/collections/procedures");
  await expect(page.getByText("Bộ sưu tập")).toBeVisible();
  await expect(page.getByRole("link", { name: /1\.001193 · Đăng ký khai sinh/ })).toBeVisible();
  // Found by code and by name.
  const search = page.getByPlaceholder("Tìm kiếm tất cả");
  await search.fill("1.001193");
  await search.press("Enter");
  // Result cards read "code · name" (the sidebar tree shows names only).
  await expect(page.getByRole("link", { name: / · / })).toHaveText(["1.001193 · Đăng ký khai sinh"]);
  await search.fill("khai sinh");
  await search.press("Enter");
  await expect(page.getByRole("link", { name: "1.004884 · Đăng ký lại khai sinh" })).toBeVisible();
});

test("editing a fee changes that one line, passes check, and the preview shows it", async ({ page }) => {
  const before = read(BIRTH);
  await open(page, "/collections/procedures/entries/ho-tich/dang-ky-khai-sinh");
  await page.getByLabel("Số tiền (đồng)").first().fill("25000");
  await publish(page);
  await expect.poll(() => read(BIRTH), { timeout: 30_000 }).not.toEqual(before);
  const a = before.split("\n");
  const b = read(BIRTH).split("\n");
  expect(b.length).toBe(a.length);
  const changed = a.map((l, i) => [l, b[i]]).filter(([x, y]) => x !== y);
  expect(changed).toEqual([["        amount: 0", "        amount: 25000"]]);
  execFileSync(bin, ["check", "--root", site, "--today", "2026-11-22"], { stdio: "pipe" });
  // serve rebuilt: the procedure page shows the new fee.
  await expect
    .poll(async () => (await (await fetch(`${origin}/thu-tuc/dang-ky-khai-sinh/`)).text()).includes("25.000"), { timeout: 30_000 })
    .toBe(true);
});

test("an invalid save is refused with a Vietnamese message and the file is unchanged", async ({ page }) => {
  const before = read(BIRTH);
  await open(page, "/collections/procedures/entries/ho-tich/dang-ky-khai-sinh");
  // Phrases Decap's own Vietnamese locale lacks are filled in (no English "Add …").
  await expect(page.getByRole("button", { name: /Thêm cách thức thực hiện/ })).toBeVisible();
  const url = page.getByLabel("Địa chỉ trang web").nth(1);
  await url.fill("");
  await publish(page);
  await expect(page.getByText(/Chưa lưu: nội dung còn 1 lỗi/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(/Toàn trình» cần một kênh Trực tuyến/)).toBeVisible();
  expect(read(BIRTH)).toEqual(before);
  await expect(url).toHaveValue(""); // what the editor typed stays in the form
});

test("an agency created from the form can be chosen in a procedure", async ({ page }) => {
  await open(page, "/collections/agencies/new");
  await page.getByLabel("Tên", { exact: true }).fill("Phòng Tư pháp xã An Lạc");
  await publish(page);
  const file = "content/agencies/phong-tu-phap-xa-an-lac.yaml";
  await expect.poll(() => fs.existsSync(path.join(site, file)), { timeout: 30_000 }).toBe(true);
  expect(read(file)).toBe('# yaml-language-server: $schema=../../schemas/agency.json\nname: "Phòng Tư pháp xã An Lạc"\n');

  const before = read(BIRTH);
  await open(page, "/collections/procedures/entries/ho-tich/dang-ky-khai-sinh");
  const agencies = page.getByLabel("Nơi tiếp nhận hồ sơ");
  await agencies.click();
  await agencies.pressSequentially("Phòng Tư pháp");
  await page.getByText("Phòng Tư pháp xã An Lạc", { exact: true }).click();
  await publish(page);
  await expect.poll(() => read(BIRTH), { timeout: 30_000 }).not.toEqual(before);
  const changed = before.split("\n").filter((l, i) => l !== read(BIRTH).split("\n")[i]);
  expect(changed).toEqual(["agencies: [ttphvhcc-phuong-dong-tien, ttphvhcc-xa-an-lac]"]);
  expect(read(BIRTH)).toContain("agencies: [ttphvhcc-phuong-dong-tien, ttphvhcc-xa-an-lac, phong-tu-phap-xa-an-lac]\n");
});

test("a form file uploads into content/files/", async ({ page }) => {
  await open(page, "/collections/procedures");
  await page.getByText("Tập tin", { exact: true }).first().click();
  const upload = path.join(os.tmpdir(), "mau-don-thu-nghiem.docx");
  fs.writeFileSync(upload, "PK thử nghiệm");
  await page.locator('input[type="file"]').setInputFiles(upload);
  await expect.poll(() => fs.existsSync(path.join(site, "content/files/mau-don-thu-nghiem.docx")), { timeout: 30_000 }).toBe(true);
  expect(read("content/files/mau-don-thu-nghiem.docx")).toBe("PK thử nghiệm");
});

test("the CMS configuration agrees with the JSON Schemas", async ({ request }) => {
  const config = await (await request.get(`${origin}/admin/config.yml`)).json();
  for (const [coll, file] of [["procedures", "procedure.json"], ["agencies", "agency.json"]]) {
    const schema = JSON.parse(fs.readFileSync(path.join(repo, "schemas", file), "utf8"));
    const resolve = (s) => {
      if (s.$ref) return schema.definitions[s.$ref.replace("#/definitions/", "")];
      if (s.anyOf) return resolve(s.anyOf.find((a) => a.type !== "null"));
      return s;
    };
    const agree = (obj, fields, where) => {
      const props = resolve(obj).properties;
      expect(fields.map((f) => f.name).sort(), where).toEqual(Object.keys(props).sort());
      for (const f of fields) {
        const p = resolve(props[f.name]);
        if (f.widget === "object") agree(p, f.fields, `${where}.${f.name}`);
        if (f.widget === "list" && f.fields) agree(resolve(p.items), f.fields, `${where}.${f.name}`);
      }
    };
    agree(schema, config.collections.find((c) => c.name === coll).fields, coll);
  }
});

// Picks `option` in a select or relation widget (react-select) by typing part of it.
async function choose(page, field, option) {
  await field.click();
  await field.pressSequentially(option.slice(0, 6));
  await page.getByText(option, { exact: true }).last().click();
}

test("a new procedure created from the empty form is saved, checked and published", async ({ page }) => {
  await open(page, "/collections/procedures/new");
  await page.getByLabel("Mã thủ tục").fill("9.999001");
  await page.getByLabel("Tên", { exact: true }).first().fill("Xác nhận thử nghiệm biểu mẫu");
  await choose(page, page.getByLabel("Lĩnh vực"), "Hộ tịch");
  await choose(page, page.getByLabel("Cấp thực hiện"), "Cấp xã");
  await choose(page, page.getByLabel("Đối tượng thực hiện"), "Công dân Việt Nam");
  await choose(page, page.getByLabel("Cơ quan có thẩm quyền"), "Ủy ban nhân dân phường Đông Tiến");
  await choose(page, page.getByLabel("Nơi tiếp nhận hồ sơ"), "Trung tâm Phục vụ hành chính công phường Đông Tiến");
  await page.getByRole("button", { name: /Thêm cách thức thực hiện/i }).click();
  await choose(page, page.getByLabel("Loại").first(), "Trực tiếp");
  await page.getByRole("button", { name: /Thêm thành phần hồ sơ/i }).click();
  await page.getByLabel("Trường hợp").fill("Mọi trường hợp");
  await page.getByRole("button", { name: /Thêm giấy tờ/i }).click();
  await page.getByLabel("Tên", { exact: true }).nth(1).fill("Tờ khai");
  await page.getByRole("button", { name: /Thêm trình tự thực hiện/i }).click();
  // The first "Tiêu đề" is the (optional) title of the document's form file.
  await page.getByLabel("Tiêu đề").nth(1).fill("Nộp hồ sơ");
  await page.getByRole("button", { name: /Thêm kết quả thực hiện/i }).click();
  await page.getByLabel("Tên", { exact: true }).last().fill("Giấy xác nhận");
  await page.getByRole("button", { name: /Thêm căn cứ pháp lý/i }).click();
  await page.getByLabel("Tiêu đề").last().fill("Luật Hộ tịch");
  await page.getByLabel("Số hiệu văn bản").fill("60/2014/QH13");
  await choose(page, page.getByLabel("Tình trạng"), "Đang áp dụng");
  await page.getByLabel("Ngày kiểm tra gần nhất").fill("2026-11-20");
  await publish(page);

  // A new procedure lands at the top of content/procedures/: the collection is nested (to
  // show the field folders), and Decap's nested collections ignore a `path` template such as
  // "{{fields.fields.0}}/{{slug}}" (tried); only a `meta.path` text box would let the editor
  // type a folder, which is worse than a file the loader reads from any depth.
  const file = "content/procedures/xac-nhan-thu-nghiem-bieu-mau.yaml";
  await expect.poll(() => fs.existsSync(path.join(site, file)), { timeout: 30_000 }).toBe(true);
  const text = read(file);
  expect(text.split("\n")[0]).toBe("# yaml-language-server: $schema=../../schemas/procedure.json");
  expect(text).toContain('code: "9.999001"');
  expect(text).toContain("agencies: [ttphvhcc-phuong-dong-tien]");
  execFileSync(bin, ["check", "--root", site, "--today", "2026-11-22"], { stdio: "pipe" });
  await expect
    .poll(async () => {
      const r = await fetch(`${origin}/thu-tuc/xac-nhan-thu-nghiem-bieu-mau/`);
      return r.ok && (await r.text()).includes("Xác nhận thử nghiệm biểu mẫu");
    }, { timeout: 30_000 })
    .toBe(true);
});
