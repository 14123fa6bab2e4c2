/** The Chinese time formats every page uses (24-hour clock, "3分钟前"), on the dayjs the mini-program ships. */
import { describe, expect, it } from 'vitest';
import { formatTime, fromNow } from '../../miniprogram/utils/time';

const now = new Date(2026, 10, 28, 14, 5, 0).getTime();
const minutes = (n: number) => n * 60_000;

describe('fromNow', () => {
  it.each([
    [20_000, '刚刚'],
    [minutes(3), '3分钟前'],
    [minutes(150), '3小时前'],
    [minutes(60 * 24 * 5), '5天前'],
  ])('%i ms ago reads %s', (ago, text) => {
    expect(fromNow(now - ago, now)).toBe(text);
  });
});

describe('formatTime', () => {
  it('uses the 24-hour clock and drops what is obvious', () => {
    expect(formatTime(new Date(2026, 10, 28, 21, 7).getTime(), now)).toBe('21:07');
    expect(formatTime(new Date(2026, 2, 3, 8, 0).getTime(), now)).toBe('3月3日 08:00');
    expect(formatTime(new Date(2025, 11, 31, 23, 59).getTime(), now)).toBe('2025年12月31日 23:59');
  });
});
