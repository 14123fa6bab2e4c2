import type { Outgoing } from '../messages/model';
import { keywordTime } from '../messages/templates';
import type { ReportDoc } from './model';
import { CATEGORY_WORD, STATUS_PHRASE, STATUS_WORD } from './words';

export const reportPage = (id: string) => `/packages/reports/pages/detail/index?id=${id}`;

/** What the report is about, in a few words: its text, else its category. */
export function subject(r: Pick<ReportDoc, 'text' | 'category'>): string {
  const text = r.text.replace(/\s+/g, ' ').trim();
  return text ? ([...text].length > 18 ? `${[...text].slice(0, 17).join('')}…` : text) : CATEGORY_WORD[r.category];
}

/** The reporter is told of every change of state (report_status). */
export function statusNotice(r: ReportDoc, atMs: number, remark: string): Outgoing {
  return {
    toOpenid: r.reporterOpenid,
    kind: 'report_status',
    title: `您上报的问题${STATUS_WORD[r.status]}`,
    body: `${r.no}「${subject(r)}」${remark ? `：${remark}` : ''}`,
    page: reportPage(r._id),
    reportId: r._id,
    push: {
      template: 'report_status',
      data: {
        character_string1: r.no,
        thing2: subject(r),
        phrase3: STATUS_PHRASE[r.status],
        time4: keywordTime(atMs),
        thing5: remark || STATUS_WORD[r.status],
      },
    },
  };
}

/** A handler is told of a report that is now theirs (new, dispatched, transferred) (report_task). */
export function taskNotice(r: ReportDoc, toOpenid: string, why: string): Outgoing {
  const due = r.dueAt ? new Date(r.dueAt).getTime() : new Date(r.resolveBy).getTime();
  return {
    toOpenid,
    kind: 'report_task',
    title: why,
    body: `${r.no}「${subject(r)}」${r.urgent ? '（紧急）' : ''}，请在 ${keywordTime(due)} 前处理`,
    page: reportPage(r._id),
    reportId: r._id,
    push: {
      template: 'report_task',
      data: {
        character_string1: r.no,
        thing2: subject(r),
        thing3: r.assignee.unitName || '本辖区',
        time4: keywordTime(due),
      },
    },
  };
}

/** The reporter is told when a photo or recording failed the content check and is hidden (message centre only). */
export function mediaHiddenNotice(r: ReportDoc): Outgoing {
  return {
    toOpenid: r.reporterOpenid,
    kind: 'report_media_hidden',
    title: '您上报的问题中有内容已被隐藏',
    body: `${r.no}「${subject(r)}」中的一个附件未通过内容安全检测，已对其他人隐藏`,
    page: reportPage(r._id),
    reportId: r._id,
  };
}
