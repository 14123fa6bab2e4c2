/**
 * The non-content states of a page: a skeleton while loading, an error with a retry
 * button, or an empty message. The page renders its own content when `status` is 'ready'.
 */
Component({
  properties: {
    status: { type: String, value: 'loading' },
    errorText: { type: String, value: '' },
    emptyText: { type: String, value: '暂无内容' },
  },
  data: {
    rowCol: [{ width: '40%' }, { width: '100%' }, { width: '100%' }, { width: '80%' }],
  },
  methods: {
    onRetry() {
      this.triggerEvent('retry');
    },
  },
});
