// A citizen on a cheap phone and on paper: pages fit the screen, the facts come first,
// targets are big enough, stale information is flagged, the printout is the checklist
// with a QR code back to the page, and posting sheets print one page per procedure.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pageTypes } from "./page-types.mjs";


const viewports = [
  { width: 320, height: 640 },
  { width: 360, height: 800 },
];

/** Every procedure page, from the A–Z list. */
async function procedurePaths(page) {
  await page.goto("/thu-tuc/");
  return page.locator("main .procedure-list a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
}

for (const viewport of viewports) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test("no page is wider than the screen (menu and search filters open)", async ({ page }) => {
      test.setTimeout(180_000);
      const wide = [];
      const paths = [...Object.values(pageTypes), ...(await procedurePaths(page))];
      for (const path of paths) {
        await page.goto(path.includes("?") ? path : `${path}#menu`);
        await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > viewport.width) wide.push(`${path}: ${width}px`);
      }
      expect(wide).toEqual([]);
    });

    test("every procedure page shows deadline, fee and the documents link in the first 800 px", async ({ page }) => {
      test.setTimeout(180_000);
      const late = [];
      for (const path of await procedurePaths(page)) {
        await page.goto(path);
        const facts = page.locator(".summary-list .fact");
        await expect(facts.first()).toContainText("Giải quyết trong");
        await expect(facts.nth(1)).toContainText("Phí, lệ phí");
        const docs = page.locator('.summary-list a[href="#ho-so"]');
        await expect(docs).toHaveText(/\d+ giấy tờ/);
        for (const [what, el] of [["deadline", facts.first()], ["fee", facts.nth(1)], ["documents link", docs]]) {
          const box = await el.boundingBox();
          if (!box || box.y + box.height > 800) late.push(`${path}: ${what} at ${box && Math.round(box.y)}`);
        }
      }
      expect(late).toEqual([]);
    });
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 800 } });

  test("navigation, buttons, downloads and phone links are at least 44×44 px; check boxes 24 px", async ({ page }) => {
    const small = [];
    const measure = async (path, selector) => {
      await page.goto(path);
      const boxes = await page.locator(selector).evaluateAll((els) =>
        els.filter((e) => e.getClientRects().length).map((e) => {
          const r = e.getBoundingClientRect();
          return { text: (e.textContent || e.id).trim().slice(0, 30), w: r.width, h: r.height };
        }),
      );
      expect(boxes.length, `${selector} on ${path}`).toBeGreaterThan(0);
      return boxes;
    };
    const targets = [
      ["/thu-tuc/dang-ky-khai-sinh/#menu", ".site-header a, .breadcrumbs a, .toc a, a.button, a.download, a[href^='tel:'], .summary-list a"],
      ["/co-quan/ttphvhcc-tinh/#menu", ".site-header a, .site-header button, a[href^='tel:']"],
      ["/tim-kiem/", "button, .filters summary"],
    ];
    for (const [path, selector] of targets) {
      for (const b of await measure(path, selector)) {
        if (b.w < 44 || b.h < 44) small.push(`${path} ${b.text}: ${Math.round(b.w)}×${Math.round(b.h)}`);
      }
    }
    await page.goto("/tim-kiem/");
    await page.locator("details.filters").evaluate((d) => (d.open = true));
    for (const b of await measure("/tim-kiem/", "input[type=checkbox]")) {
      if (b.w < 24 || b.h < 24) small.push(`check box ${b.text}: ${Math.round(b.w)}×${Math.round(b.h)}`);
    }
    expect(small).toEqual([]);
  });

  test("the focus indicator has at least 3:1 contrast with what is around it", async ({ page }) => {
    await page.goto("/thu-tuc/dang-ky-khai-sinh/");
    const ratios = [];
    for (const selector of [".summary-list a", ".site-header .brand", ".breadcrumbs a"]) {
      await page.locator(selector).first().focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      ratios.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          const parse = (c) => c.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => {
            const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
            return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
          };
          let bg = el;
          while (bg && getComputedStyle(bg).backgroundColor.match(/rgba\(.*, 0\)|transparent/)) bg = bg.parentElement;
          const style = getComputedStyle(el);
          const a = lum(parse(style.outlineColor));
          const b = lum(parse(bg ? getComputedStyle(bg).backgroundColor : "rgb(255,255,255)"));
          const width = parseFloat(style.outlineWidth);
          return { width, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
        }),
      );
    }
    for (const r of ratios) {
      expect(r.width).toBeGreaterThanOrEqual(2);
      expect(r.ratio).toBeGreaterThanOrEqual(3);
    }
  });

  test("a stale procedure says so with a phone number to confirm; a fresh one does not", async ({ page }) => {
    await page.goto("/thu-tuc/dang-ky-lai-khai-sinh/");
    const notice = page.locator(".notice-stale");
    await expect(notice).toBeVisible();
    await expect(notice).toContainText("Thông tin có thể đã cũ.");
    await expect(notice.locator("a[href^='tel:']")).toBeVisible();
    expect((await notice.boundingBox()).y).toBeLessThan(800);
    await page.goto("/thu-tuc/dang-ky-khai-sinh/");
    await expect(page.locator(".notice-stale")).toHaveCount(0);
    await expect(page.locator(".summary-list")).toContainText(/Kiểm tra lần cuối\s*\d\d\/\d\d\/\d{4}/);
  });

  test("the online button says that it leaves the site", async ({ page }) => {
    await page.goto("/thu-tuc/dang-ky-khai-sinh/");
    const start = page.locator(".summary .button-start");
    await expect(start).toBeVisible();
    await expect(page.locator(".summary .actions")).toContainText("rời khỏi cổng này");
  });

  test("charts render text of at least 12 px and clip nothing", async ({ page }) => {
    for (const path of ["/thong-ke/", "/co-quan/ttphvhcc-tinh/"]) {
      await page.goto(path);
      const problems = await page.locator("svg.chart").first().evaluate((svg) => {
        const out = [];
        const box = svg.getBoundingClientRect();
        for (const text of svg.querySelectorAll("text")) {
          const r = text.getBoundingClientRect();
          const px = parseFloat(getComputedStyle(text).fontSize) * (box.width / svg.viewBox.baseVal.width);
          if (px < 12) out.push(`${text.textContent}: ${px.toFixed(1)} px`);
          if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) out.push(`${text.textContent}: clipped`);
        }
        return out;
      });
      expect(problems, path).toEqual([]);
    }
  });

  test("statistics speak to citizens: sentences, definitions, target, better/worse, coverage, ranking", async ({ page }) => {
    await page.goto("/thong-ke/");
    const first = page.locator("#moi-nhat-h + dl.figures > div").first();
    await expect(first.locator(".sentence")).toHaveText(/^Cứ 100 hồ sơ đã giải quyết thì \d+ hồ sơ/);
    await expect(first.locator(".definition")).not.toBeEmpty();
    await expect(first.locator(".target")).toContainText("Mục tiêu 95 %");
    await expect(first).toContainText(/\((tốt hơn|kém hơn|không đổi)\)/);
    await expect(page.locator("body")).not.toContainText("điểm %");
    // The ranking: the sorted column comes right after the rank, on screen at 360 px.
    const ranking = page.locator("table.ranking").first();
    await expect(ranking.locator("thead th").nth(1)).toHaveText("Đúng hạn");
    const cell = await ranking.locator("tbody td.sorted").first().boundingBox();
    expect(cell.x + cell.width).toBeLessThanOrEqual(360);
    // Years and quarters say how many agencies reported and mark incomplete periods.
    const years = page.locator("table.stats", { has: page.locator("caption", { hasText: "Theo năm" }) });
    await expect(years.locator("thead")).toContainText("Cơ quan báo cáo");
    await expect(years.locator("tbody")).toContainText(/\d+ cơ quan/);
    await expect(years.locator("tbody")).toContainText("Chưa đủ kỳ");
    // Wide tables scroll inside a labelled, focusable region, with a visible hint.
    const region = page.locator(".table-scroll").first();
    await expect(region).toHaveAttribute("role", "region");
    await expect(region).toHaveAttribute("tabindex", "0");
    expect(await region.getAttribute("aria-label")).toBeTruthy();
    await expect(page.locator("#xep-hang-h ~ .scroll-hint").first()).toBeVisible();
  });

  test("month pages link to the month before and after; data notes are plain Vietnamese linked to revisions", async ({ page }) => {
    await page.goto("/thong-ke/");
    await page.locator("#moi-nhat-h a").click();
    const previous = page.locator("a[rel=prev]");
    await expect(previous).toBeVisible();
    await previous.click();
    await expect(page.locator("a[rel=next]")).toBeVisible();
    await page.goto("/thong-ke/ghi-chu/");
    const notes = page.locator("#chua-khop-h + ul > li");
    expect(await notes.count()).toBeGreaterThan(0);
    await expect(page.locator("main")).not.toContainText("carried_over");
    await expect(page.locator("main")).not.toContainText("off by");
    const link = notes.locator("a[href^='#dieu-chinh-']").first();
    const target = await link.getAttribute("href");
    await expect(page.locator(target)).toBeVisible();
  });

  test("a life event with an order lists numbered steps", async ({ page }) => {
    await page.goto("/su-kien/sinh-con/");
    const steps = page.locator("ol.step-by-step > li h3");
    await expect(steps).toHaveText(["Bước 1: Đăng ký khai sinh", "Bước 2: Đăng ký thường trú"]);
    await page.goto("/su-kien/ket-hon/");
    await expect(page.locator("ol.step-by-step")).toHaveCount(0);
  });
});

/** Page count and text of a PDF, and the QR codes zbarimg finds on its pages. */
function readPdf(buffer) {
  const dir = mkdtempSync(join(tmpdir(), "minhbach-pdf-"));
  try {
    const file = join(dir, "page.pdf");
    writeFileSync(file, buffer);
    const info = execFileSync("pdfinfo", [file]).toString();
    const pages = Number(info.match(/^Pages:\s+(\d+)/m)[1]);
    const text = execFileSync("pdftotext", [file, "-"]).toString();
    execFileSync("pdftoppm", ["-r", "150", "-png", file, join(dir, "p")]);
    const codes = [];
    for (const png of readdirSync(dir).filter((f) => f.endsWith(".png")).sort()) {
      let out = "";
      try {
        out = execFileSync("zbarimg", ["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", join(dir, png)]).toString();
      } catch (e) {
        out = e.stdout ? e.stdout.toString() : "";
      }
      codes.push(...out.split("\n").filter(Boolean));
    }
    return { pages, text, codes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the printed procedure is the checklist on at most 2 A4 pages, with its address and a QR code to it", async ({ page }) => {
  await page.goto("/thu-tuc/dang-ky-khai-sinh/");
  const address = await page.locator("link[rel=canonical]").getAttribute("href");
  expect(address).toMatch(/^https:\/\/.+\/thu-tuc\/dang-ky-khai-sinh\/$/);
  const pdf = readPdf(await page.pdf({ format: "A4" }));
  expect(pdf.pages).toBeLessThanOrEqual(2);
  expect(pdf.text.replace(/\s+/g, "")).toContain(address);
  expect(pdf.codes).toEqual([address]);
  for (const words of ["Đăng ký khai sinh", "1.001193", "Giải quyết trong", "Miễn phí", "☐", "Giờ tiếp nhận", "(3)"]) {
    expect(pdf.text).toContain(words);
  }
  for (const absent of ["Trình tự thực hiện", "Lịch sử thay đổi", "Thủ tục liên quan", "Kết quả giải quyết thủ tục này"]) {
    expect(pdf.text).not.toContain(absent);
  }
});

test("the print button needs JavaScript and is hidden without it", async ({ browser }) => {
  const page = await browser.newPage({ javaScriptEnabled: false });
  await page.goto("/thu-tuc/dang-ky-khai-sinh/");
  await expect(page.locator("button[data-print]")).toBeHidden();
  await page.close();
  const js = await browser.newPage();
  await js.goto("/thu-tuc/dang-ky-khai-sinh/");
  await expect(js.getByRole("button", { name: "In danh sách giấy tờ" })).toBeVisible();
  await js.close();
});

test("posting sheets: one QR code and one printed A4 page per procedure received at the agency", async ({ page }) => {
  await page.goto("/co-quan/ttphvhcc-phuong-dong-tien/");
  const received = await page.locator("#tiep-nhan ~ .procedure-list > li:not(.repealed)").count();
  expect(received).toBeGreaterThan(1);
  await page.getByRole("link", { name: /Bản niêm yết công khai/ }).click();
  await expect(page).toHaveURL(/\/co-quan\/ttphvhcc-phuong-dong-tien\/niem-yet\/$/);
  await expect(page.locator("article.sheet")).toHaveCount(received);
  await expect(page.locator("article.sheet svg.qr")).toHaveCount(received);
  const pdf = readPdf(await page.pdf({ format: "A4" }));
  expect(pdf.pages).toBe(received);
  expect(pdf.codes.length).toBe(received);
  expect(pdf.codes.every((c) => /^https:\/\/.+\/thu-tuc\/[a-z0-9-]+\/$/.test(c))).toBe(true);
});

test("home and A–Z agree on the count; empty and former things are not listed as current", async ({ page }) => {
  await page.goto("/");
  const home = await page.locator(".headline strong").textContent();
  expect(home).toMatch(/^\d+ đang áp dụng, \d+ đã bãi bỏ$/);
  const agencies = await page.locator("#by-agency ~ ul a").allTextContents();
  expect(agencies.filter((a) => a.includes("(đến 30/6/2025)"))).toEqual([]);
  await page.goto("/thu-tuc/");
  await expect(page.locator("main .lead")).toContainText(home);
  await page.goto("/co-quan/");
  await expect(page.getByRole("heading", { name: /Cơ quan trước đây/ })).toBeVisible();
  await page.goto("/co-quan/ubnd-huyen-an-lac/");
  await expect(page.getByText("Thủ tục tiếp nhận tại đây (0)")).toHaveCount(0);
});

test.describe("on a desktop", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("the header stays on two rows and shows the whole search placeholder", async ({ page }) => {
    await page.goto("/thu-tuc/dang-ky-khai-sinh/");
    const header = await page.locator(".site-header").boundingBox();
    expect(header.height).toBeLessThan(130);
    const fits = await page.locator("#header-q").evaluate((input) => {
      const ctx = document.createElement("canvas").getContext("2d");
      const style = getComputedStyle(input);
      ctx.font = `${style.fontSize} ${style.fontFamily}`;
      const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
      return ctx.measureText(input.placeholder).width + padding <= input.clientWidth;
    });
    expect(fits).toBe(true);
  });
});
