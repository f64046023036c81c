// Every page type: no axe violations, works without JavaScript, loads nothing from another host.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { pageTypes as pages } from "./page-types.mjs";


for (const [name, path] of Object.entries(pages)) {
  test(`${name} has no accessibility violations`, async ({ page }) => {
    const response = await page.goto(path);
    expect(response.status()).toBe(200);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]).analyze();
    const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
    expect(summary).toEqual([]);
  });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a citizen reaches a procedure from the home page and sees what to bring", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "Hộ tịch" }).first().click();
    await expect(page).toHaveURL(/\/linh-vuc\/ho-tich\/$/);
    await page.getByRole("link", { name: "Đăng ký khai sinh", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Đăng ký khai sinh");
    await expect(page.getByRole("heading", { name: "Thành phần hồ sơ" })).toBeVisible();
    await expect(page.getByText("Tờ khai đăng ký khai sinh").first()).toBeVisible();
    const form = page.getByRole("link", { name: /Tải mẫu: Tờ khai đăng ký khai sinh/ });
    const download = await form.getAttribute("href");
    expect((await page.request.get(download)).status()).toBe(200);
  });

  test("the A–Z list jumps by letter", async ({ page }) => {
    await page.goto("/thu-tuc/");
    await page.getByRole("navigation", { name: "Chữ cái" }).getByRole("link", { name: "Đ", exact: true }).click();
    await expect(page).toHaveURL(/#chu-d/);
    await expect(page.getByRole("heading", { name: "Đ", exact: true })).toBeInViewport();
  });
});

test("no request leaves 127.0.0.1", async ({ page }) => {
  const hosts = new Set();
  page.on("request", (request) => hosts.add(new URL(request.url()).host));
  for (const path of Object.values(pages)) {
    await page.goto(path);
  }
  expect([...hosts]).toEqual([new URL(page.url()).host]);
});

test("the document checklist prints without navigation", async ({ page }) => {
  await page.goto("/thu-tuc/dang-ky-khai-sinh/");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  await expect(page.locator(".checklist").first()).toBeVisible();
});
