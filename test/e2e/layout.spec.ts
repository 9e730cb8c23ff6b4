/**
 * Layouts that fit, at a desktop and a small laptop size: one scroll container per view (the page
 * itself never scrolls past the app), the sidebar collapses at 1024 px, and no table is clipped —
 * a wide table scrolls inside itself.
 */
import type { Page } from '@playwright/test';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1024, height: 700 },
] as const;

const SCREENS = ['exports', 'trail', 'findings', 'agents', 'controls', 'responsibility', 'packages'] as const;

interface Misfits {
  pageScrollsY: boolean;
  pageScrollsX: boolean;
  clipped: string[];
}

/**
 * What does not fit: a page that scrolls, and tables whose right edge lies outside every scroller.
 * A page script string: the node tsconfig has no DOM types.
 */
const MISFITS = `(() => {
  const doc = document.scrollingElement || document.documentElement;
  const clipped = [];
  for (const table of Array.from(document.querySelectorAll('table'))) {
    const box = table.getBoundingClientRect();
    if (box.width === 0) continue;
    let el = table.parentElement;
    let inScroller = false;
    while (el && el !== document.body) {
      const style = getComputedStyle(el);
      if (/(auto|scroll)/.test(style.overflowX) && el.scrollWidth > el.clientWidth) {
        inScroller = el.getBoundingClientRect().right <= window.innerWidth + 1;
        break;
      }
      el = el.parentElement;
    }
    if (!inScroller && box.right > window.innerWidth + 1) clipped.push(table.dataset.testid || table.className);
  }
  return {
    pageScrollsY: doc.scrollHeight > window.innerHeight + 1,
    pageScrollsX: doc.scrollWidth > window.innerWidth + 1,
    clipped,
  };
})()`;

async function misfits(page: Page): Promise<Misfits> {
  return (await page.evaluate(MISFITS)) as Misfits;
}

test('every screen fits at 1440×900 and 1024×700', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  for (const size of SIZES) {
    await page.setViewportSize(size);
    const narrow = size.width <= 1100;
    for (const screen of SCREENS) {
      // Narrow: the sidebar is a rail; its button opens the menu over the content, a choice closes it.
      if (narrow) {
        await expect(page.getByTestId(`nav-${screen}`)).toBeHidden();
        await page.getByTestId('nav-toggle').click();
      }
      await page.getByTestId(`nav-${screen}`).click();
      if (narrow) await expect(page.getByTestId(`nav-${screen}`)).toBeHidden();
      await page.waitForLoadState('networkidle');
      await page.waitForTimeout(300);
      const m = await misfits(page);
      expect(m, `${screen} at ${size.width}×${size.height}`).toEqual({
        pageScrollsY: false,
        pageScrollsX: false,
        clipped: [],
      });
      await screenshot(page, `30-layout-${size.width}-${screen}`);
    }
    const sidebar = await page.locator('nav.sidebar').boundingBox();
    if (narrow) {
      expect(sidebar!.width).toBeLessThan(80);
      await page.getByTestId('nav-toggle').click();
      await expect(page.getByTestId('engagement-select')).toBeVisible();
      await screenshot(page, `30-layout-${size.width}-menu-open`);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('engagement-select')).toBeHidden();
    } else expect(sidebar!.width).toBeGreaterThan(150);
  }
});
