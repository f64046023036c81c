// The search page as a citizen uses it: typing without accents, filters, keyboard, no JavaScript.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

test("typing without accents finds the procedure first, with its facts", async ({ page }) => {
  await page.goto("/tim-kiem/");
  const box = page.getByRole("searchbox", { name: "Tìm thủ tục" }).last();
  await box.fill("giay khai sinh");
  const first = page.locator("#search-results li").first();
  await expect(first.getByRole("link")).toHaveText("Đăng ký khai sinh");
  await expect(first).toContainText("Ủy ban nhân dân phường Đông Tiến");
  await expect(first).toContainText("1 ngày làm việc");
  await expect(first).toContainText("Miễn phí");
  await expect(page.getByRole("status")).toHaveText(/Tìm thấy \d+ thủ tục\./);
  await expect(page).toHaveURL(/\?q=giay\+khai\+sinh/);
});

test("results appear as the citizen types half a word", async ({ page }) => {
  await page.goto("/tim-kiem/");
  const box = page.locator("#search-q");
  await box.pressSequentially("ly lich tu p", { delay: 30 });
  await expect(page.locator("#search-results a").first()).toHaveText(/Cấp Phiếu lý lịch tư pháp/);
});

test("a shared URL shows the same results; everyday words and codes work", async ({ page }) => {
  await page.goto("/tim-kiem/?q=lam+so+do");
  await expect(page.locator("#search-q")).toHaveValue("lam so do");
  await expect(page.locator("#search-results a").first()).toHaveText(/cấp Giấy chứng nhận lần đầu/);
  await page.goto("/tim-kiem/?q=1.001193");
  await expect(page.locator("#search-results a").first()).toHaveText("Đăng ký khai sinh");
});

test("no partial match of every word falls back with a notice", async ({ page }) => {
  await page.goto("/tim-kiem/?q=khai+sinh+zzzz");
  await expect(page.locator("#search-notice")).toBeVisible();
  await expect(page.locator("#search-results a").first()).toHaveText(/khai sinh/i);
});

test("filters narrow the results and stay in the URL", async ({ page }) => {
  await page.goto("/tim-kiem/?q=dang+ky");
  await expect(page.locator("#search-results li").first()).toBeVisible();
  const all = await page.locator("#search-results li").count();
  await page.getByText("Lọc kết quả").click();
  await page.getByLabel("Chỉ thủ tục miễn phí").check();
  await expect(page).toHaveURL(/mien-phi=1/);
  await expect(async () => {
    const fees = await page.locator("#search-results .facts").allTextContents();
    expect(fees.length).toBeGreaterThan(0);
    expect(fees.length).toBeLessThan(all);
    for (const f of fees) expect(f).toContain("Miễn phí");
  }).toPass();
  await page.getByLabel("Lĩnh vực").selectOption({ label: "Đăng ký, quản lý cư trú" });
  await expect(page.locator("#search-results a").first()).toHaveText(/thường trú|tạm trú|cư trú|tạm vắng/);
});

test("repealed procedures appear only when asked for", async ({ page }) => {
  await page.goto("/tim-kiem/?q=giay+phep+xay+dung+nha+o");
  await expect(page.locator("#search-results li").first()).toBeVisible();
  await expect(page.locator("#search-results .badge-repealed")).toHaveCount(0);
  await page.goto("/tim-kiem/?q=giay+phep+xay+dung+nha+o&bai-bo=1");
  await expect(page.locator("#search-results .badge-repealed")).toHaveCount(1);
});

test("keyboard: arrows move through results, Escape returns to the box", async ({ page }) => {
  await page.goto("/tim-kiem/");
  const box = page.locator("#search-q");
  await box.fill("dang ky");
  await expect(page.locator("#search-results a").nth(1)).toBeVisible();
  await box.press("ArrowDown");
  await expect(page.locator("#search-results a").first()).toBeFocused();
  // Leaving the box fires its "change" event; the list must not be re-rendered under the
  // focus (that once sent focus back to <body> after the 150 ms debounce).
  await page.waitForTimeout(400);
  await expect(page.locator("#search-results a").first()).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(page.locator("#search-results a").nth(1)).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(box).toBeFocused();
});

test("the header box goes to the search page; nothing of the index loads before focus", async ({ page }) => {
  const indexRequests = [];
  page.on("request", (r) => r.url().includes("/assets/search/") && indexRequests.push(r.url()));
  await page.goto("/thu-tuc/dang-ky-khai-sinh/");
  await page.waitForLoadState("networkidle");
  expect(indexRequests).toEqual([]);
  await page.locator("#header-q").fill("ket hon");
  await page.locator("#header-q").press("Enter");
  await expect(page).toHaveURL(/\/tim-kiem\/\?q=ket\+hon/);
  await expect(page.locator("#search-results a").first()).toHaveText("Đăng ký kết hôn");
  expect(indexRequests.length).toBeLessThanOrEqual(4);
});

test("the search page with results has no accessibility violations", async ({ page }) => {
  await page.goto("/tim-kiem/?q=khai+sinh");
  await expect(page.locator("#search-results li").first()).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search box submits to the A–Z list, which reaches everything", async ({ page }) => {
    await page.goto("/");
    await page.locator("#home-q").fill("khai sinh");
    await page.locator("#home-q").press("Enter");
    await expect(page).toHaveURL(/\/thu-tuc\/\?q=khai\+sinh/);
    await expect(page.getByRole("link", { name: "Đăng ký khai sinh", exact: true })).toBeVisible();
  });

  test("the search page points to the lists", async ({ page }) => {
    await page.goto("/tim-kiem/?q=khai+sinh");
    await expect(page.locator("#search-page")).toBeHidden();
    await expect(page.getByText("không chạy JavaScript")).toBeVisible();
  });
});

test("a box the site ticks by default stays unticked in the URL once the citizen unticks it", async ({ page }) => {
  // As built with site.toml `[search] include_repealed = true`: the repealed box starts ticked.
  await page.goto("/tim-kiem/?q=giay+phep+xay+dung+nha+o");
  await page.locator("#search-repealed").evaluate((box) => {
    box.defaultChecked = true;
    box.checked = true;
    box.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await page.getByText("Lọc kết quả").click();
  await expect(page.locator("#search-results .badge-repealed")).toHaveCount(1);
  await page.getByLabel("Gồm cả thủ tục đã bãi bỏ").uncheck();
  await expect(page).toHaveURL(/bai-bo=0/);
  await expect(page.locator("#search-results .badge-repealed")).toHaveCount(0);
});
