// The portal's own script: signing in through the hospital's identity provider, the language
// switch, and sending a patient whose condition needs an in-person visit from the online clinic
// — or who chose a department in guided triage — to the booking widget.
import { wireLanguage } from '/shared/demo-page.js';
import { wireSignIn } from '/shared/sign-in.js';

const TEXT = {
  'zh-CN': {
    skip: '跳到主要内容', menu: '主菜单', hospital: '城东人民医院', tagline: '三级甲等综合医院 · 示例门户', signin: '登录', signout: '退出',
    navHome: '首页', navAbout: '医院概况', navBooking: '预约挂号', navMine: '我的预约', navClinic: '在线复诊', navRx: '我的处方', navStaff: '医护入口',
    notice: '预约时段为就诊当日时间，请提前 15 分钟到院。就诊前 1 小时内不可取消。',
    signinHint: '请先点击右上角“登录”，选择演示账号，再预约挂号或在线复诊。', bookingTitle: '预约挂号', mineTitle: '我的预约',
    clinicTitle: '在线复诊', clinicNotice: '在线复诊仅适用于已在本院线下确诊的疾病；首次就诊请预约线下门诊。',
    rxTitle: '我的处方', rxNotice: '处方经医生电子签名、药师审核通过后即可支付，可选择快递到家或到药房自取。',
    navReports: '检查报告', reportsTitle: '检查报告', reportsNotice: '检验结果以医院出具的正式报告为准；如有异常，请及时咨询您的医生。',
    navTriage: '智能导诊', triageTitle: '智能导诊', triageNotice: '不知道挂哪个科？说说哪里不舒服，我们帮您找到合适的科室。急症请直接拨打 120。',
    navEducation: '健康宣教', educationTitle: '健康宣教', educationNotice: '医院专家撰写的高血压、糖尿病等慢病健康知识，无需登录即可阅读；医护为您推荐的文章在“慢病随访”中。',
    navFollowup: '慢病随访', navRecord: '健康档案', recordTitle: '我的健康档案', recordNotice: '您和家人在本院的就诊、诊断、在线问诊、处方和慢病随访记录；检验和影像结果见“检查报告”。', followupTitle: '慢病随访', followupNotice: '按医护人员为您制定的计划在家测量血压、血糖、体重并记录在这里；明显异常的数值会即时提醒您的随访护士。',
    navFamily: '家人管理', familyTitle: '家人管理', familyNotice: '为家人挂号、问诊或查看报告，须经家人本人同意：验证码会发送到家人在医院登记的手机。未成年子女需医院核实监护关系。',
    familyDemoPhone: '演示：查看家人手机收到的短信（新窗口）',
    footer: '城东人民医院（虚构示例） · 网上服务由 ihkit 提供', signinFailed: '登录失败：', langButton: 'EN', elder: '长辈模式',
  },
  en: {
    skip: 'Skip to main content', menu: 'Main menu', hospital: 'Chengdong People’s Hospital', tagline: 'Tertiary general hospital · example portal', signin: 'Sign in', signout: 'Sign out',
    navHome: 'Home', navAbout: 'About', navBooking: 'Book', navMine: 'My appointments', navClinic: 'Online follow-up', navRx: 'My prescriptions', navStaff: 'Staff',
    notice: 'Times are on the day of the visit; please arrive 15 minutes early. Appointments cannot be cancelled within 1 hour of the start.',
    signinHint: 'Sign in (top right) with a demo account to book or consult online.', bookingTitle: 'Book an appointment', mineTitle: 'My appointments',
    clinicTitle: 'Online follow-up', clinicNotice: 'Online consults are for conditions already diagnosed at this hospital; for a first visit, book an appointment.',
    rxTitle: 'My prescriptions', rxNotice: 'Once signed by the doctor and approved by a pharmacist, a prescription can be paid and delivered home or picked up at a pharmacy.',
    navReports: 'My reports', reportsTitle: 'Lab and imaging reports', reportsNotice: 'The hospital’s signed report is the authoritative one; if a result is abnormal, please talk to your doctor.',
    navTriage: 'Which department?', triageTitle: 'Which department?', triageNotice: 'Not sure which department to book? Tell us what is wrong and we suggest one. In an emergency, call 120.',
    navEducation: 'Health education', educationTitle: 'Health education', educationNotice: 'Articles by the hospital’s specialists on high blood pressure, diabetes and other long-term conditions, to read without signing in; those your care team recommends are in your follow-up.',
    navFollowup: 'Follow-up care', navRecord: 'Health record', recordTitle: 'My health record', recordNotice: 'Your and your family’s visits, diagnoses, online consults, prescriptions and follow-up at this hospital; lab and imaging results are under “Reports”.', followupTitle: 'Chronic-disease follow-up', followupNotice: 'Measure your blood pressure, glucose and weight at home as your care team planned, and record them here; a reading well out of range reaches your follow-up nurse at once.',
    navFamily: 'Family', familyTitle: 'Family members', familyNotice: 'To book, consult or see reports for family members, they must agree: a code is sent to the mobile the hospital has on file for them. For a child, the hospital checks that you are the guardian.',
    familyDemoPhone: 'Demo: the text messages your family member’s phone received (new window)',
    footer: 'Chengdong People’s Hospital (fictional) · online services by ihkit', signinFailed: 'Sign-in failed: ', langButton: '中文', elder: 'Larger, simpler',
  },
};

const provider = document.querySelector('ih-provider');
const text = wireLanguage({ provider, text: TEXT, storageKey: 'portal.lang' });
// The print view of a prescription names the hospital in the page's language.
const rx = document.querySelector('ih-prescriptions');
const nameHospital = () => rx.setAttribute('hospital-name', text().hospital);
nameHospital();
document.getElementById('lang').addEventListener('click', nameHospital);
// Elder-friendly mode (长辈模式): larger text and targets and plainer wording in every ihkit element, remembered.
const elder = document.getElementById('elder');
const showElder = (on) => {
  provider.toggleAttribute('elder', on);
  elder.setAttribute('aria-pressed', String(on));
};
showElder(localStorage.getItem('portal.elder') === '1');
elder.addEventListener('click', () => {
  const on = !provider.hasAttribute('elder');
  localStorage.setItem('portal.elder', on ? '1' : '0');
  showElder(on);
});
wireSignIn({ provider, clientId: 'ihkit-portal', hideWhenSignedIn: ['signin-hint'], failedText: () => text().signinFailed });

// The booking (the schedule is public) asks for a sign-in when the patient has chosen a time.
document.addEventListener('ih-sign-in-request', () => document.getElementById('signin').requestSubmit());

// The clinic says this patient needs an in-person visit: take them to booking.
document.addEventListener('ih-book-offline', () => {
  document.getElementById('booking').scrollIntoView({ behavior: 'smooth' });
  document.querySelector('ih-booking')?.focus?.();
});

// A line of the health record was opened: show it where the portal shows that kind of record.
const RECORD_SECTIONS = { appointment: 'mine', encounter: 'clinic', consult: 'clinic', prescription: 'prescriptions', care: 'followup' };
document.addEventListener('ih-record-open', (e) => {
  const { kind, recordId } = e.detail;
  if (kind === 'consult') document.querySelector('ih-clinic')?.open(recordId);
  if (kind === 'prescription') document.querySelector('ih-prescriptions')?.open(recordId);
  document.getElementById(RECORD_SECTIONS[kind]).scrollIntoView({ behavior: 'smooth' });
});

// Guided triage suggested a department and the patient chose to book it: the booking starts there.
document.addEventListener('ih-triage-book', (e) => {
  const booking = document.querySelector('ih-booking');
  booking.setAttribute('department', e.detail.departmentId);
  document.getElementById('booking').scrollIntoView({ behavior: 'smooth' });
});
