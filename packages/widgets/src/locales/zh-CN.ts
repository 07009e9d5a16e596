/**
 * Simplified Chinese strings: the reference table, in areas (so a bundle carries only the areas
 * of the elements it holds). Every other locale must have exactly these keys (the type `Strings`
 * is derived from `zhCN`). `{name}` marks a parameter.
 */
/** Shared by every element. */
export const common = {
  'common.loading': '正在加载…',
  'common.retry': '重试',
  'common.back': '上一步',
  'common.close': '关闭',
  'common.signInRequired': '请先登录',
  'common.signInHint': '登录后即可预约挂号、查看和取消预约。',
  'common.notConfigured': '组件未配置：请把它放在 <ih-provider api="…"> 内。',
  'common.unknown': '—',
};

/** <ih-booking>. */
export const booking = {
  'booking.label': '预约挂号',
  'booking.progress': '预约步骤',
  'booking.stepOf': '第 {current} 步，共 {total} 步',
  'booking.step.department': '选择科室',
  'booking.step.doctor': '选择医生',
  'booking.step.time': '选择时间',
  'booking.step.patient': '选择就诊人',
  'booking.step.confirm': '确认预约',
  'booking.step.done': '预约成功',
  'booking.stepShort.department': '科室',
  'booking.stepShort.doctor': '医生',
  'booking.stepShort.time': '时间',
  'booking.stepShort.patient': '就诊人',
  'booking.stepShort.confirm': '确认',
  'booking.departments.empty': '暂无可在线预约的科室',
  'booking.departments.emptyHint': '请稍后再试，或致电医院预约。',
  'booking.doctors.empty': '该科室暂无可预约的医生',
  'booking.doctors.emptyHint': '请选择其他科室。',
  'booking.dates.label': '就诊日期',
  'booking.dates.today': '今天',
  'booking.dates.tomorrow': '明天',
  'booking.dates.available': '有号',
  'booking.dates.full': '约满',
  'booking.dates.none': '无号',
  'booking.dates.availableLong': '{date}，可预约',
  'booking.dates.fullLong': '{date}，已约满',
  'booking.dates.noneLong': '{date}，无号',
  'booking.slots.label': '{date} 可选时段',
  'booking.slots.remaining': '余 {count}',
  'booking.slots.full': '已满',
  'booking.slots.past': '已过',
  'booking.slots.availableLong': '{time}，剩余 {count} 个号',
  'booking.slots.fullLong': '{time}，已约满，不可选',
  'booking.slots.pastLong': '{time}，已过时，不可选',
  'booking.slots.empty': '未来 14 天暂无号源',
  'booking.slots.emptyHint': '号源通常每天放出，请稍后再来，或选择同科室的其他医生。',
  'booking.slots.otherDoctor': '选择其他医生',
  'booking.slots.noneThatDay': '当天暂无号源，请选择其他日期。',
  'booking.slots.keyboardHint': '用方向键移动，回车键选择。',
  'booking.patients.empty': '您还没有可就诊的就诊人',
  'booking.patients.emptyHint': '请先在医院完成实名建档，或添加家庭成员。',
  'booking.patients.minor': '未成年 · 由监护人代办',
  'booking.patients.idNumber': '证件号 {id}',
  'booking.summary.department': '科室',
  'booking.summary.doctor': '医生',
  'booking.summary.time': '就诊时间',
  'booking.summary.patient': '就诊人',
  'booking.summary.fee': '挂号费',
  'booking.confirm.submit': '确认预约',
  'booking.confirm.submitting': '正在预约…',
  'booking.confirm.notice': '请在就诊当日提前 15 分钟到院，凭证件取号。',
  'booking.done.message': '已为 {patient} 预约 {doctor} 的号。',
  'booking.done.again': '再约一个',
  'booking.retaken': '请重新选择时间，时段列表已刷新。',
};

/** Enum values of the contract: doctor titles, relations. */
export const values = {
  'title.chief': '主任医师',
  'title.associate_chief': '副主任医师',
  'title.attending': '主治医师',
  'title.resident': '住院医师',
  'relation.self': '本人',
  'relation.child': '子女',
  'relation.parent': '父母',
  'relation.spouse': '配偶',
  'relation.other': '其他',
};

/** <ih-appointments> (with the appointment statuses). */
export const appointments = {
  'status.booked': '待就诊',
  'status.cancelled': '已取消',
  'status.completed': '已就诊',
  'status.no_show': '未到诊',
  'appointments.label': '我的预约',
  'appointments.empty': '暂无预约记录',
  'appointments.emptyHint': '预约成功后会显示在这里。',
  'appointments.upcoming': '即将就诊',
  'appointments.past': '历史预约',
  'appointments.patient': '就诊人：{name}',
  'appointments.cancel': '取消预约',
  'appointments.dialog.title': '确认取消预约？',
  'appointments.dialog.body': '取消后该号源将释放给其他患者，如需就诊请重新预约。',
  'appointments.dialog.keep': '暂不取消',
  'appointments.dialog.confirm': '确认取消',
  'appointments.dialog.cancelling': '正在取消…',
  'appointments.cancelled': '预约已取消。',
};

/** Error codes any element may meet (transport, auth, availability). */
export const errors = {
  'error.VALIDATION_FAILED': '提交的信息有误，请检查后重试。',
  'error.UNAUTHENTICATED': '登录已失效，请重新登录。',
  'error.FORBIDDEN': '您没有权限进行此操作。',
  'error.NOT_FOUND': '未找到相关信息，可能已被删除。',
  'error.RATE_LIMITED': '操作太频繁，请稍后再试。',
  'error.HIS_UNAVAILABLE': '医院系统暂时无法连接，请稍后再试。',
  'error.INTERNAL': '服务出现问题，请稍后再试。',
  'error.NETWORK': '网络连接失败，请检查网络后重试。',
  'error.TIMEOUT': '服务器响应超时，请稍后重试。',
  'error.UNEXPECTED_RESPONSE': '服务器返回了无法识别的内容，请稍后再试。',
};

/** Error codes of booking. */
export const bookingErrors = {
  'error.SLOT_NOT_FOUND': '该时段已不存在，请重新选择。',
  'error.SLOT_TAKEN': '手慢了，该时段刚被约满。',
  'error.SLOT_IN_PAST': '该时段已过，不能再预约。',
  'error.ALREADY_BOOKED': '该就诊人已预约过这个时段或当日同一医生，无需重复预约。',
  'error.IDEMPOTENCY_KEY_REUSED': '请求重复，请刷新后重试。',
  'error.PATIENT_NOT_FOUND': '未找到该就诊人的档案。',
  'error.GUARDIAN_REQUIRED': '未成年人需由监护人办理。',
};

/** Error codes of cancelling. */
export const appointmentsErrors = {
  'error.CANCEL_TOO_LATE': '距离就诊时间太近，已不能在线取消。如需取消，请联系医院。',
};

/** Error codes of sign-in and family members (loaded by the full entry). */
export const accountErrors = {
  'error.INVALID_CREDENTIALS': '账号或密码不正确。',
  'error.DEMO_LOGIN_DISABLED': '演示登录未开启。',
  'error.INVALID_RESIDENT_ID': '身份证号码有误，请核对。',
  'error.PATIENT_ALREADY_LINKED': '该就诊人已添加。',
  'error.PAYLOAD_TOO_LARGE': '提交的内容过大。',
};

/** The complete table. */
export const zhCN = { ...common, ...booking, ...values, ...appointments, ...errors, ...bookingErrors, ...appointmentsErrors, ...accountErrors };
