// The staff console's own script: a doctor's, nurse's or pharmacist's sign-in through the
// hospital's identity provider (single sign-on), the views for that role (the desk with the
// prescription editor, the follow-up desk, or the pharmacist's review) and the language switch.
import { wireLanguage } from '/shared/demo-page.js';
import { wireSignIn } from '/shared/sign-in.js';

const TEXT = {
  'zh-CN': {
    skip: '跳到主要内容', menu: '工作台菜单',
    title: '医护工作台', tagline: '城东人民医院 · 示例内网页面', signin: '登录', signout: '退出',
    navDesk: '在线复诊', navInvitations: '会诊邀请', invitationsTitle: '远程会诊邀请', navReview: '处方审核', navCare: '慢病随访', careTitle: '慢病随访', navRemote: '远程会诊', remoteTitle: '远程会诊（医联体）', navPortal: '患者门户', signinHint: '请点击“登录”，通过医院统一身份认证以医生、护士或药师演示账号登录。患者端可在另一个浏览器窗口打开患者门户。',
    deskTitle: '在线复诊工作台', reviewTitle: '处方审核', footer: '城东人民医院（虚构示例） · 医护工作台由 ihkit 提供', signinFailed: '登录失败：', langButton: 'EN',
  },
  en: {
    skip: 'Skip to main content', menu: 'Console menu',
    title: 'Staff console', tagline: 'Chengdong People’s Hospital · example intranet page', signin: 'Sign in', signout: 'Sign out',
    navDesk: 'Online follow-up', navInvitations: 'Invitations', invitationsTitle: 'Remote consultation invitations', navReview: 'Prescription review', navCare: 'Chronic follow-up', careTitle: 'Chronic-disease follow-up', navRemote: 'Remote consultations', remoteTitle: 'Remote consultations (the network)', navPortal: 'Patient portal', signinHint: 'Sign in through the hospital’s single sign-on as a demo doctor, nurse or pharmacist. Open the patient portal in another window to play the patient.',
    deskTitle: 'Online follow-up desk', reviewTitle: 'Prescription review', footer: 'Chengdong People’s Hospital (fictional) · staff console by ihkit', signinFailed: 'Sign-in failed: ', langButton: '中文',
  },
};

const provider = document.querySelector('ih-provider');
const text = wireLanguage({ provider, text: TEXT, storageKey: 'staff.lang' });

/**
 * Each section's element (its last child). A hidden section's element leaves the page until its
 * role signs in: hidden, it would still ask the gateway for what this role may not call.
 */
const elements = new Map(['desk', 'invitations', 'review', 'care', 'remote'].map((id) => [id, document.getElementById(id).lastElementChild]));

/**
 * A pharmacist sees the review queue; a nurse the follow-up desk; a doctor (or nobody yet) the
 * consult desk and the invitations, and a doctor the follow-up desk too. Doctors, nurses and
 * admins see remote consultations: a doctor their requests first, a nurse or admin (the
 * coordinators) the consultations their hospital received.
 */
function showRole(session) {
  const role = session?.user.role;
  const consults = role !== 'pharmacist' && role !== 'nurse' && role !== 'admin';
  const remote = role === 'doctor' || role === 'nurse' || role === 'admin';
  elements.get('remote').side = role === 'doctor' ? 'requested' : 'received';
  for (const [id, shown] of [['desk', consults], ['invitations', consults], ['review', role === 'pharmacist'], ['care', role === 'nurse' || role === 'doctor'], ['remote', remote]]) {
    const section = document.getElementById(id);
    section.hidden = !shown;
    const element = elements.get(id);
    if (shown && !element.isConnected) section.append(element);
    if (!shown) element.remove();
    const link = document.getElementById(`nav-${id}`);
    link.hidden = !shown;
    if (shown && (id === 'desk' || id === 'review' || (id === 'care' && !consults) || (id === 'remote' && role === 'admin'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

wireSignIn({ provider, clientId: 'ihkit-staff', hideWhenSignedIn: ['signin-hint'], failedText: () => text().signinFailed, onSession: showRole });
