import type { MediaKind, ReportCategory } from '../../contracts/reports';
import { newRequestId } from './request-id';

/** One picked file of a draft: where it is on the phone, and where it went in cloud storage. */
export interface DraftFile {
  /** Stable within the draft; also the file's number in its cloud path. */
  n: number;
  kind: MediaKind;
  tempPath: string;
  size: number;
  durationMs: number | null;
  /** A video's cover, uploaded beside it. */
  thumbTempPath: string;
  fileId: string;
  thumbFileId: string;
  state: 'uploading' | 'done' | 'failed';
  progress: number;
}

export interface DraftLocation {
  latitude: number;
  longitude: number;
  name: string;
  address: string;
}

/** Everything a resident put into an unsent report; saved on every change, cleared after a successful submit. */
export interface ReportDraft {
  draftId: string;
  /** The submit's requestId: a retry after a lost reply is answered with the first result. */
  requestId: string;
  files: DraftFile[];
  nextN: number;
  text: string;
  category: ReportCategory;
  urgent: boolean;
  location: DraftLocation | null;
  hideName: boolean;
  private: boolean;
  proxyName: string;
  proxyPhone: string;
  /** Where the problem is when the reporter has no home there (a grid worker reporting for a resident). */
  courtyardId: string;
  courtyardName: string;
  updatedAt: number;
}

export const DRAFT_KEY = 'linli.reportDraft';

export function newDraft(): ReportDraft {
  return {
    draftId: newRequestId(),
    requestId: newRequestId(),
    files: [],
    nextN: 1,
    text: '',
    category: 'other',
    urgent: false,
    location: null,
    hideName: true,
    private: false,
    proxyName: '',
    proxyPhone: '',
    courtyardId: '',
    courtyardName: '',
    updatedAt: Date.now(),
  };
}

function isDraft(value: unknown): value is ReportDraft {
  if (!value || typeof value !== 'object') return false;
  const d = value as Partial<ReportDraft>;
  return typeof d.draftId === 'string' && typeof d.requestId === 'string' && Array.isArray(d.files);
}

/** The saved draft, if there is one worth offering (something picked or written). */
export function loadDraft(): ReportDraft | null {
  let raw: unknown;
  try {
    raw = wx.getStorageSync(DRAFT_KEY);
  } catch {
    return null;
  }
  if (typeof raw === 'string' && raw) {
    try {
      raw = JSON.parse(raw);
    } catch {
      return null;
    }
  }
  if (!isDraft(raw)) return null;
  return { ...newDraft(), ...raw };
}

export function saveDraft(draft: ReportDraft): void {
  try {
    wx.setStorageSync(DRAFT_KEY, { ...draft, updatedAt: Date.now() });
  } catch {
    // Storage full: the page still works, the draft just will not survive a restart.
  }
}

export function clearDraft(): void {
  try {
    wx.removeStorageSync(DRAFT_KEY);
  } catch {
    // nothing to clear
  }
}

/** Whether the draft holds anything the person would miss. */
export function draftHasContent(d: ReportDraft): boolean {
  return d.files.length > 0 || d.text.trim().length > 0 || d.proxyName.trim().length > 0;
}
