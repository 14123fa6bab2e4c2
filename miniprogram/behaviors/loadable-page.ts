import { pageStyle } from '../utils/display-mode';
import { failedState, initialLoadState } from '../utils/load-state';

/** What a page using `loadablePage` provides: fetch its data and set it, throwing on failure. */
export interface LoadablePage {
  fetchData(): Promise<void>;
}

/**
 * The lifecycle every loading page shares: the load state and elderly-mode `pageStyle` in
 * `data`, retry after an error, pull-down refresh. A page lists it in `behaviors`, implements
 * `fetchData()` ({@link LoadablePage}), calls `startLoading()` from its own `onLoad` (after
 * reading its query) and, if it re-applies the style when shown, `applyPageStyle()` from its
 * own `onShow`. The behavior defines no `onLoad` / `onShow` itself: a page's own method of the
 * same name would replace it, so the page keeps those and calls these helpers.
 */
export const loadablePage = Behavior({
  data: {
    ...initialLoadState,
    pageStyle: '',
  },
  methods: {
    /** Runs the page's `fetchData()`; a failure becomes the error state. Never rejects. */
    async load(): Promise<void> {
      try {
        await (this as unknown as LoadablePage).fetchData();
      } catch (err) {
        this.setData(failedState(err));
      }
    },
    /** From the page's `onLoad`: the elderly-mode style, then the first load. */
    startLoading() {
      this.setData({ pageStyle: pageStyle() });
      void this.load();
    },
    /** From the page's `onShow`: the mode may have been switched on another page. */
    applyPageStyle() {
      const style = pageStyle();
      if (style !== this.data.pageStyle) this.setData({ pageStyle: style });
    },
    onPullDownRefresh() {
      void this.load().then(() => wx.stopPullDownRefresh());
    },
    onRetry() {
      this.setData({ status: 'loading' });
      void this.load();
    },
  },
});
