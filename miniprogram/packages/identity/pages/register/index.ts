import type { ActionPayload, ActionResult } from '../../../../../contracts';
import { call } from '../../../../services/api';
import { ApiCallError } from '../../../../services/api-error';
import { placeLine, RELATION_LABELS, RELATION_OPTIONS } from '../../../../services/identity-labels';
import { courtyardOptions, loadCourtyards, type CascaderOption } from '../../../../services/org-picker';
import { MOBILE_PATTERN, phoneButtonSupported, readPhoneButton, type PhoneButtonDetail } from '../../../../services/phone-button';
import { newRequestId } from '../../../../services/request-id';
import { getMe } from '../../../../services/session';
import { showMessage } from '../../../../services/toast';
import { fieldErrors } from '../../../../utils/field-errors';
import { loadablePage } from '../../../../behaviors/loadable-page';
import { formatTime } from '../../../../utils/time';

type Registration = ActionResult<'registration.mine'>['history'][number];
type Relation = Registration['relation'];
type Community = ActionResult<'org.overview'>['communities'][number];

interface FormData {
  realName: string;
  phone: string;
  building: string;
  unit: string;
  room: string;
  relation: Relation | '';
  agreed: boolean;
}

/** What the pending/verified cards draw of a registration. */
function summary(r: Registration) {
  return {
    id: r.id,
    realName: r.realName,
    phoneMasked: r.phoneMasked,
    phoneVerified: r.phoneVerified,
    place: placeLine(r.place),
    address: r.address.text,
    relation: RELATION_LABELS[r.relation],
    submittedAt: formatTime(r.submittedAt),
    // A family member's registration can be confirmed by the household head instead of staff.
    decider: r.relation === 'family' ? '户主或社区工作人员' : '社区工作人员或网格员',
  };
}
type Summary = ReturnType<typeof summary>;

const EMPTY_FORM: FormData = { realName: '', phone: '', building: '', unit: '', room: '', relation: '', agreed: false };

/**
 * Not drawn, so kept out of `data`: the phone code (only the backend may read it), where the
 * person came from, and the requestId of a submission the network may have swallowed — tapping
 * 提交 again after a lost reply must not register twice.
 */
let phoneCode = '';
let joinCode = '';
let preset = { communityId: '', courtyardId: '' };
let startInMove = false;
let submitRequestId = '';
let communities: Community[] = [];

Component({
  behaviors: [loadablePage],
  data: {
    view: 'form' as 'form' | 'pending' | 'verified',
    mode: 'new' as 'new' | 'move',
    current: null as Summary | null,
    rejectReason: '',
    form: { ...EMPTY_FORM },
    errors: {} as Record<string, string>,
    relations: RELATION_OPTIONS,
    phoneMode: 'button' as 'button' | 'typed' | 'authorized',
    phoneTypedHint: '',
    communityId: '',
    communityLabel: '',
    communityOptions: [] as CascaderOption[],
    communityPickerVisible: false,
    courtyardId: '',
    courtyardLabel: '',
    courtyardOptions: [] as CascaderOption[],
    pickerVisible: false,
    privacy: { version: '', versionLabel: '', title: '隐私政策', text: '' },
    policyVisible: false,
    submitting: false,
    withdrawing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const arg = (k: string) => decodeURIComponent(query[k] ?? '');
      preset = { communityId: arg('communityId'), courtyardId: arg('courtyardId') };
      joinCode = arg('joinCode');
      startInMove = arg('mode') === 'move';
      phoneCode = '';
      submitRequestId = '';
      this.setData({
        phoneMode: phoneButtonSupported() ? 'button' : 'typed',
        phoneTypedHint: phoneButtonSupported() ? '' : '当前微信版本不支持授权手机号，请手动填写',
      });
      this.startLoading();
    },

    async fetchData() {
      const [mine, policy, overview] = await Promise.all([
        call('registration.mine', {}, { silent: true }),
        call('privacy.policy', {}, { silent: true }),
        call('org.overview', {}, { silent: true }),
      ]);
      communities = overview.communities;
      const current = mine.current;
      const privacy = { version: policy.version, versionLabel: `版本 ${policy.version}`, title: policy.title, text: policy.text };
      const base = {
        status: 'ready' as const,
        errorText: '',
        privacy,
        communityOptions: communities.map((c) => ({ label: c.name, value: c.id })),
      };

      if (current?.status === 'pending') {
        this.setData({ ...base, view: 'pending', current: summary(current) });
      } else if (current?.status === 'verified' && !startInMove) {
        this.setData({ ...base, view: 'verified', current: summary(current) });
      } else if (current?.status === 'verified') {
        this.setData(base);
        this.startMove(current);
      } else {
        // A rejected registration comes back into the form, so only what was wrong needs changing.
        const rejected = current?.status === 'rejected' ? current : null;
        this.setData({
          ...base,
          view: 'form',
          mode: 'new',
          current: null,
          rejectReason: rejected?.rejectReason ?? '',
          form: rejected
            ? {
                ...EMPTY_FORM,
                realName: rejected.realName,
                building: rejected.address.building,
                unit: rejected.address.unit,
                room: rejected.address.room,
                relation: rejected.relation,
              }
            : { ...this.data.form },
        });
        const communityId = preset.communityId || rejected?.place.community.id || '';
        const courtyardId = preset.courtyardId || rejected?.place.courtyard.id || '';
        if (communityId) await this.chooseCommunity(communityId, courtyardId);
      }
    },

    startMove(current: Registration) {
      this.setData({
        view: 'form',
        mode: 'move',
        rejectReason: '',
        errors: {},
        form: { ...EMPTY_FORM, realName: current.realName, relation: current.relation },
        communityId: '',
        communityLabel: '',
        courtyardId: '',
        courtyardLabel: '',
        courtyardOptions: [],
      });
      if (preset.communityId) void this.chooseCommunity(preset.communityId, preset.courtyardId);
    },

    /** Loads a community's courtyards for the picker; preselects one if given (from a QR code or the old registration). */
    async chooseCommunity(communityId: string, courtyardId = '') {
      const community = communities.find((c) => c.id === communityId);
      this.setData({ communityId, communityLabel: community?.name ?? '', courtyardId: '', courtyardLabel: '', courtyardOptions: [] });
      try {
        const data = await loadCourtyards(communityId);
        const chosen = data.courtyards.find((c) => c.id === courtyardId);
        this.setData({
          communityLabel: data.community.name,
          courtyardOptions: courtyardOptions(data),
          courtyardId: chosen?.id ?? '',
          courtyardLabel: chosen ? `${chosen.name}（${chosen.grid.name}）` : '',
        });
      } catch (err) {
        showMessage(err instanceof ApiCallError ? err.message : '院落列表加载失败');
      }
    },

    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }, object, { field: keyof FormData }>) {
      const field = e.currentTarget.dataset.field;
      this.setData({ [`form.${field}`]: e.detail.value ?? '', [`errors.${field}`]: '' });
    },
    onRelationChange(e: WechatMiniprogram.CustomEvent<{ value: Relation }>) {
      this.setData({ 'form.relation': e.detail.value, 'errors.relation': '' });
    },
    onConsentChange(e: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ 'form.agreed': e.detail.checked, 'errors.privacyVersion': '' });
    },
    onOpenPolicy() {
      this.setData({ policyVisible: true });
    },
    onClosePolicy() {
      this.setData({ policyVisible: false });
    },

    onOpenCommunityPicker() {
      this.setData({ communityPickerVisible: true });
    },
    onCloseCommunityPicker() {
      this.setData({ communityPickerVisible: false });
    },
    onCommunityChange(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ communityPickerVisible: false, 'errors.courtyardId': '' });
      if (e.detail.value && e.detail.value !== this.data.communityId) void this.chooseCommunity(e.detail.value);
    },
    onOpenCourtyardPicker() {
      if (!this.data.communityId) {
        this.setData({ 'errors.courtyardId': '请先选择社区' });
        return;
      }
      this.setData({ pickerVisible: true });
    },
    onCloseCourtyardPicker() {
      this.setData({ pickerVisible: false });
    },
    onCourtyardChange(e: WechatMiniprogram.CustomEvent<{ value: string; selectedOptions: CascaderOption[] }>) {
      const [grid, , courtyard] = e.detail.selectedOptions;
      this.setData({
        pickerVisible: false,
        courtyardId: e.detail.value,
        courtyardLabel: courtyard ? `${courtyard.label}（${grid?.label ?? ''}）` : '',
        'errors.courtyardId': '',
      });
    },

    onGetPhoneNumber(e: WechatMiniprogram.CustomEvent<PhoneButtonDetail>) {
      const result = readPhoneButton(e.detail);
      if (result.kind === 'code') {
        phoneCode = result.code;
        this.setData({ phoneMode: 'authorized', 'errors.phone': '' });
      } else {
        phoneCode = '';
        this.setData({
          phoneMode: 'typed',
          phoneTypedHint: result.kind === 'refused' ? '你没有授权微信手机号，可以手动填写' : '暂时无法获取微信手机号，请手动填写',
        });
      }
    },
    onUseTypedPhone() {
      phoneCode = '';
      this.setData({ phoneMode: 'typed', phoneTypedHint: '手动填写的号码需经工作人员核实' });
    },

    /** What the form can tell before asking the backend; everything else comes back as field errors. */
    localErrors(): Record<string, string> {
      const { form, phoneMode, courtyardId } = this.data;
      const errors: Record<string, string> = {};
      if (!form.realName.trim()) errors.realName = '请填写真实姓名';
      if (phoneMode === 'typed' && !MOBILE_PATTERN.test(form.phone.trim())) errors.phone = '请填写 11 位手机号';
      if (phoneMode === 'button') errors.phone = '请授权手机号，或选择手动填写';
      if (!courtyardId) errors.courtyardId = '请选择院落';
      if (!form.building.trim()) errors.building = '请填写楼栋';
      if (!form.room.trim()) errors.room = '请填写房号';
      if (!form.relation) errors.relation = '请选择与户主的关系';
      if (!form.agreed) errors.privacyVersion = '请阅读并同意隐私政策';
      return errors;
    },

    async onSubmit() {
      if (this.data.submitting) return;
      const errors = this.localErrors();
      if (Object.keys(errors).length) {
        this.setData({ errors });
        showMessage(Object.values(errors)[0]!, 'warning');
        return;
      }
      const { form } = this.data;
      const payload: ActionPayload<'registration.submit'> = {
        realName: form.realName.trim(),
        courtyardId: this.data.courtyardId,
        address: { building: form.building.trim(), unit: form.unit.trim(), room: form.room.trim() },
        relation: form.relation as Relation,
        privacyVersion: this.data.privacy.version,
        ...(phoneCode ? { phoneCode } : { phone: form.phone.trim() }),
        ...(joinCode ? { joinCode } : {}),
      };
      submitRequestId ||= newRequestId();
      this.setData({ submitting: true, errors: {} });
      try {
        const registration = await call('registration.submit', payload, { requestId: submitRequestId, silent: true });
        submitRequestId = '';
        phoneCode = '';
        startInMove = false;
        this.setData({ submitting: false, view: 'pending', current: summary(registration), rejectReason: '' });
        showMessage('已提交，请等待审核', 'success');
        void getMe(true).catch(() => undefined); // 我的 shows 待审核 on its next render
      } catch (err) {
        // Only a lost reply may be retried as the same submission; anything the backend refused is a new attempt.
        if (!(err instanceof ApiCallError) || err.code !== 'NETWORK') submitRequestId = '';
        // A phone code is single-use on the platform: after a refusal the person authorises again.
        if (phoneCode && err instanceof ApiCallError && err.code !== 'NETWORK') {
          phoneCode = '';
          this.setData({ phoneMode: phoneButtonSupported() ? 'button' : 'typed' });
        }
        this.setData({ submitting: false, errors: fieldErrors(err) });
        showMessage(err instanceof ApiCallError ? err.message : '提交失败，请稍后重试');
      }
    },

    async onWithdraw() {
      const current = this.data.current;
      if (!current || this.data.withdrawing) return;
      const confirmed = await wx.showModal({ title: '撤回登记', content: '撤回后需要重新填写登记信息，确定撤回吗？', confirmText: '撤回' });
      if (!confirmed.confirm) return;
      this.setData({ withdrawing: true });
      try {
        await call('registration.withdraw', { registrationId: current.id });
        showMessage('已撤回', 'success');
        this.setData({ withdrawing: false, status: 'loading' });
        void getMe(true).catch(() => undefined);
        await this.load();
      } catch {
        this.setData({ withdrawing: false });
      }
    },

    onOpenHousehold() {
      wx.navigateTo({ url: '/packages/identity/pages/household/index' });
    },
    async onStartMove() {
      try {
        const mine = await call('registration.mine', {});
        if (mine.current?.status === 'verified') this.startMove(mine.current);
      } catch {
        // call() has told the person.
      }
    },
    onCancelMove() {
      startInMove = false;
      this.setData({ status: 'loading' });
      void this.load();
    },
  },
});
