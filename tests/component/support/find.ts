import type { SimRoot } from './simulate';

/**
 * Finding things the way a person does, by what they read. TDesign components are virtual
 * hosts: a `class` put on `<t-cell>` or `<t-button>` does not reach the rendered DOM, so
 * the tests find a button by its text and an input by its label instead.
 */
const norm = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();

function all(page: SimRoot, selector: string, within?: Element | null): Element[] {
  const root = within ?? page.dom;
  return Array.from(root?.querySelectorAll(selector) ?? []);
}

/** The first element matching `selector` whose text is exactly `text`. */
export function byText(page: SimRoot, selector: string, text: string, within?: Element | null): Element | null {
  return all(page, selector, within).find((el) => norm(el.textContent) === text) ?? null;
}

/** Every button with this text, in document order. */
export function buttons(page: SimRoot, text: string, within?: Element | null): Element[] {
  return all(page, 'wx-button', within).filter((el) => norm(el.textContent) === text);
}

export function button(page: SimRoot, text: string, within?: Element | null): Element | null {
  return buttons(page, text, within)[0] ?? null;
}

/** The TDesign cell whose title is `title` (the whole cell: a tap on it is a click). */
export function cell(page: SimRoot, title: string, within?: Element | null): Element | null {
  const titleEl = all(page, '[class*="t-cell__title-text"]', within).find((el) => norm(el.textContent) === title);
  return titleEl?.closest('[class~="t-cell--t-cell"]') ?? null;
}

/** Every cell, as title / description / note text. */
export function cells(page: SimRoot, within?: Element | null): Array<{ el: Element; title: string; description: string; note: string }> {
  return all(page, '[class~="t-cell--t-cell"]', within).map((el) => ({
    el,
    title: norm(el.querySelector('[class*="t-cell__title-text"]')?.textContent),
    description: norm(el.querySelector('[class*="t-cell__description"]')?.textContent),
    note: norm(el.querySelector('[class*="t-cell__note"]')?.textContent),
  }));
}

/** The native <input> of the TDesign input labelled `label`. */
export function inputByLabel(page: SimRoot, label: string, within?: Element | null): Element | null {
  const labelEl = all(page, '[class*="t-input__label"]', within).find((el) => norm(el.textContent) === label);
  return labelEl?.closest('[class~="t-input--t-input"]')?.querySelector('[class*="t-input__control"]') ?? null;
}

/** A radio option by its label. */
export function radio(page: SimRoot, label: string, within?: Element | null): Element | null {
  const text = all(page, '[class*="t-radio__title"]', within).find((el) => norm(el.textContent) === label);
  return text?.closest('[class~="t-radio--t-radio"]') ?? null;
}
