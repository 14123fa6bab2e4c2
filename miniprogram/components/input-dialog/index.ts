/**
 * A dialog that asks for one value: a reason to reject, a floor area, a unit's name. The
 * page owns the decision (validation by the backend, busy state, closing); the dialog only
 * collects the text and reports it with `confirm` ({ value }) or `cancel`.
 */
Component({
  properties: {
    visible: { type: Boolean, value: false },
    title: { type: String, value: '' },
    message: { type: String, value: '' },
    kind: { type: String, value: 'textarea' },
    label: { type: String, value: '' },
    suffix: { type: String, value: '' },
    placeholder: { type: String, value: '' },
    maxlength: { type: Number, value: 200 },
    value: { type: String, value: '' },
    confirmText: { type: String, value: '确定' },
    errorText: { type: String, value: '' },
    busy: { type: Boolean, value: false },
  },
  data: {
    draft: '',
  },
  observers: {
    // Each opening starts from the value the page gives (empty for a new reason, the old name for a rename).
    visible(visible: boolean) {
      if (visible) this.setData({ draft: this.data.value });
    },
  },
  methods: {
    onChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ draft: e.detail.value ?? '' });
    },
    onConfirm() {
      if (this.data.busy) return;
      this.triggerEvent('confirm', { value: this.data.draft.trim() });
    },
    onCancel() {
      this.triggerEvent('cancel');
    },
  },
});
