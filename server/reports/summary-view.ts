import type { MediaKind, ReportSummary } from '../../contracts/reports';
import { getCloud } from '../core/cloud';
import { loadUnits } from '../org/units';
import type { MediaDoc, ReportDoc } from './model';

/**
 * Who looks at a list decides what a summary shows:
 * - 'handler': grid workers, property, staff: the precise location, the text as written;
 * - 'reporter': the person's own reports: the same (it is their own location and text);
 * - 'public': neighbours: the location rounded to 3 decimals (about 100 m), no text while it waits
 *   for a person's review, no media a content check found risky. Summaries never carry names.
 */
export type Audience = 'handler' | 'reporter' | 'public';

const SNIPPET = 60;
/** The platform signs at most 50 files per getTempFileURL call. */
const SIGN_BATCH = 50;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Media anyone may see in a list: nothing the content check found risky. */
const shownMedia = (doc: Pick<ReportDoc, 'media'>): MediaDoc[] => doc.media.filter((m) => m.check !== 'risky');

/** The file a list shows as the report's thumbnail: the first image, or a video's cover. */
function thumbFileOf(doc: Pick<ReportDoc, 'media'>): string | null {
  for (const m of shownMedia(doc)) {
    if (m.kind === 'image') return m.fileId;
    if (m.kind === 'video' && m.thumbFileId) return m.thumbFileId;
  }
  return null;
}

/** Temporary URLs for the page's thumbnails: one getTempFileURL call per 50 files; '' where signing failed. */
async function signThumbs(fileIds: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const unique = [...new Set(fileIds)];
  for (let i = 0; i < unique.length; i += SIGN_BATCH) {
    const pending = getCloud().getTempFileURL({ fileList: unique.slice(i, i + SIGN_BATCH) });
    if (!pending) continue;
    try {
      const res = await pending;
      for (const f of res.fileList) if (f.tempFileURL) out.set(f.fileID, f.tempFileURL);
    } catch {
      // A list still shows without thumbnails; the detail page signs its own files.
    }
  }
  return out;
}

export const dueMs = (doc: Pick<ReportDoc, 'dueAt'>): number | null => (doc.dueAt ? new Date(doc.dueAt).getTime() : null);

export const isOverdue = (doc: Pick<ReportDoc, 'dueAt' | 'open'>, nowMs: number): boolean => {
  const due = dueMs(doc);
  return doc.open && due !== null && due < nowMs;
};

/** The fields a list reads; queries project to these. */
export const SUMMARY_FIELDS = {
  _id: true,
  no: true,
  status: true,
  category: true,
  urgent: true,
  text: true,
  textCheck: true,
  media: true,
  location: true,
  place: true,
  createdAt: true,
  dueAt: true,
  open: true,
  escalation: true,
  meTooCount: true,
  private: true,
  proxy: true,
  sk: true,
  dueKey: true,
} as const;

export type SummarySource = Pick<
  ReportDoc,
  | '_id'
  | 'no'
  | 'status'
  | 'category'
  | 'urgent'
  | 'text'
  | 'textCheck'
  | 'media'
  | 'location'
  | 'place'
  | 'createdAt'
  | 'dueAt'
  | 'open'
  | 'escalation'
  | 'meTooCount'
  | 'private'
  | 'proxy'
>;

/** One page of list items: one unit read for the courtyard names, one signing call per 50 thumbnails. */
export async function toSummaries(docs: SummarySource[], audience: Audience, nowMs: number): Promise<ReportSummary[]> {
  if (docs.length === 0) return [];
  const thumbs = docs.map(thumbFileOf);
  const [units, urls] = await Promise.all([
    loadUnits(docs.map((d) => d.place.courtyardId)),
    signThumbs(thumbs.filter((f): f is string => f !== null)),
  ]);
  return docs.map((d, i) => {
    const media = shownMedia(d);
    const kinds = [...new Set(media.map((m) => m.kind))] as MediaKind[];
    const courtyard = units.get(d.place.courtyardId)?.name ?? '';
    const spot = d.location?.name ?? '';
    const textShown = audience !== 'public' || d.textCheck === 'pass';
    const thumb = thumbs[i];
    let location: ReportSummary['location'] = null;
    if (d.location) {
      location =
        audience === 'public'
          ? { latitude: round(d.location.latitude, 3), longitude: round(d.location.longitude, 3), name: spot, blurred: true }
          : { latitude: d.location.latitude, longitude: d.location.longitude, name: spot, blurred: false };
    }
    return {
      id: d._id,
      no: d.no,
      status: d.status,
      category: d.category,
      urgent: d.urgent,
      snippet: textShown ? [...d.text].slice(0, SNIPPET).join('') : '',
      thumbUrl: thumb ? (urls.get(thumb) ?? '') : '',
      mediaKinds: kinds,
      place: spot && spot !== courtyard ? (courtyard ? `${courtyard} · ${spot}` : spot) : courtyard,
      createdAt: new Date(d.createdAt).getTime(),
      dueAt: dueMs(d),
      overdue: isOverdue(d, nowMs),
      escalation: d.escalation,
      meTooCount: d.meTooCount,
      private: d.private,
      proxy: d.proxy !== null && d.proxy !== undefined,
      location,
    };
  });
}
