import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

/**
 * Chinese relative times without the spaces dayjs' zh-cn locale puts in ("3 分钟前"):
 * residents read "3分钟前" everywhere else in WeChat.
 */
const zhLinli: ILocale = {
  name: 'zh-linli',
  weekdays: ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'],
  months: ['1月', '2月', '3月', '4月', '5月', '6月', '7月', '8月', '9月', '10月', '11月', '12月'],
  formats: {},
  relativeTime: {
    future: '%s后',
    past: '%s前',
    s: '几秒',
    m: '1分钟',
    mm: '%d分钟',
    h: '1小时',
    hh: '%d小时',
    d: '1天',
    dd: '%d天',
    M: '1个月',
    MM: '%d个月',
    y: '1年',
    yy: '%d年',
  },
};
dayjs.locale(zhLinli);

/** "刚刚" under a minute, then "3分钟前", "2小时前", "5天前"… */
export function fromNow(millis: number, now: number = Date.now()): string {
  if (Math.abs(now - millis) < 60_000) return '刚刚';
  return dayjs(millis).from(dayjs(now));
}

/** 24-hour clock: "14:05" today, "11月28日 14:05" this year, "2025年11月28日 14:05" before. */
export function formatTime(millis: number, now: number = Date.now()): string {
  const t = dayjs(millis);
  const n = dayjs(now);
  if (t.isSame(n, 'day')) return t.format('HH:mm');
  if (t.isSame(n, 'year')) return t.format('M月D日 HH:mm');
  return t.format('YYYY年M月D日 HH:mm');
}
