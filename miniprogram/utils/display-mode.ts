/**
 * Elderly-friendly mode: larger text everywhere. TDesign sizes its text with the
 * `--td-font-size-*` / `--td-line-height-*` tokens declared on `page`, so overriding them
 * through `<page-meta page-style>` scales TDesign and our own styles (which use the same
 * tokens) together, without a second stylesheet.
 */
const ELDER_MODE_KEY = 'linli.elderMode';

const TOKENS: Array<[string, number]> = [
  ['--td-font-size-body-small', 24],
  ['--td-font-size-body-medium', 28],
  ['--td-font-size-body-large', 32],
  ['--td-font-size-title-small', 28],
  ['--td-font-size-title-medium', 32],
  ['--td-font-size-title-large', 36],
  ['--td-font-size-title-extraLarge', 40],
  ['--td-font-size-mark-small', 24],
  ['--td-font-size-mark-medium', 28],
  ['--td-font-size-mark-large', 32],
  ['--td-font-size-headline-small', 48],
  // Aliases components such as cells read directly; set too, since an alias may have been resolved where it was declared.
  ['--td-font-size-xs', 20],
  ['--td-font-size-s', 24],
  ['--td-font-size-base', 28],
  ['--td-font-size-m', 32],
  ['--td-font-size-l', 36],
  ['--td-font-size-xl', 40],
  ['--td-line-height-body-small', 40],
  ['--td-line-height-body-medium', 44],
  ['--td-line-height-body-large', 48],
  ['--td-line-height-title-small', 44],
  ['--td-line-height-title-medium', 48],
  ['--td-line-height-title-large', 52],
  ['--td-line-height-title-extraLarge', 56],
  ['--td-line-height-mark-small', 40],
  ['--td-line-height-mark-medium', 44],
  ['--td-line-height-mark-large', 48],
];
const SCALE = 1.3;

export function isElderMode(): boolean {
  return wx.getStorageSync<boolean>(ELDER_MODE_KEY) === true;
}

export function setElderMode(on: boolean): void {
  wx.setStorageSync(ELDER_MODE_KEY, on);
}

/** The `page-style` for `<page-meta>`: empty in standard mode. */
export function pageStyle(elder: boolean = isElderMode()): string {
  if (!elder) return '';
  return TOKENS.map(([name, rpx]) => `${name}:${Math.round(rpx * SCALE)}rpx`).join(';');
}
