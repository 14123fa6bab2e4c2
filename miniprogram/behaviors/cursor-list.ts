import { loadablePage } from './loadable-page';

/** One page of a list, as the page draws it. */
export interface ListPage<Row extends { id: string }> {
  rows: Row[];
  nextCursor: string | null;
  /** Whatever else the same answer carries (counts, unread), set together with the rows. */
  extra?: Record<string, unknown>;
}

/**
 * What a page using `cursorList` provides: one page of its list, the first when `cursor` is
 * undefined; `silent` asks `call()` not to toast (the first page shows errors in the page state).
 */
export interface CursorListPage<Row extends { id: string } = { id: string }> {
  fetchPage(cursor: string | undefined, silent: boolean): Promise<ListPage<Row>>;
}

/** Paging state kept on the instance, not in `data`: it is never drawn, and two open copies of a page must not share it. */
interface PagingState {
  listCursor?: string | null;
  listGeneration?: number;
}

/**
 * A list read by cursor: the first page through `loadablePage` (loading, error with retry, empty,
 * pull-down refresh), the next ones on reaching the bottom or 加载更多, rows in `data.rows`. A reply
 * that a newer load (a refresh, another tab) has overtaken is dropped, and a row already shown is
 * not added twice. The page implements `fetchPage` ({@link CursorListPage}).
 */
export const cursorList = Behavior({
  behaviors: [loadablePage],
  data: {
    rows: [] as Array<{ id: string }>,
    hasMore: false,
    loadingMore: false,
  },
  methods: {
    async fetchData(): Promise<void> {
      const self = this as unknown as PagingState & CursorListPage;
      const mine = (self.listGeneration = (self.listGeneration ?? 0) + 1);
      try {
        const page = await self.fetchPage(undefined, true);
        if (mine !== self.listGeneration) return;
        self.listCursor = page.nextCursor;
        this.setData({
          ...page.extra,
          status: page.rows.length ? 'ready' : 'empty',
          errorText: '',
          rows: page.rows,
          hasMore: page.nextCursor !== null,
        });
      } catch (err) {
        if (mine === self.listGeneration) throw err;
      }
    },
    /** Starts over from the first page (a tab switched), showing the loading state. */
    reloadList() {
      const self = this as unknown as PagingState;
      self.listCursor = null;
      this.setData({ status: 'loading', rows: [], hasMore: false });
      void (this as unknown as { load(): Promise<void> }).load();
    },
    onReachBottom() {
      void this.onLoadMore();
    },
    async onLoadMore(): Promise<void> {
      const self = this as unknown as PagingState & CursorListPage;
      const cursor = self.listCursor;
      if (!cursor || this.data.loadingMore) return;
      const mine = self.listGeneration;
      this.setData({ loadingMore: true });
      try {
        const page = await self.fetchPage(cursor, false);
        if (mine !== self.listGeneration) return;
        self.listCursor = page.nextCursor;
        const known = new Set(this.data.rows.map((r) => r.id));
        this.setData({
          ...page.extra,
          rows: [...this.data.rows, ...page.rows.filter((r) => !known.has(r.id))],
          hasMore: page.nextCursor !== null,
        });
      } catch {
        // call() has told the person; 加载更多 stays for another try.
      } finally {
        this.setData({ loadingMore: false });
      }
    },
  },
});
