// The vendor's page script: its own strings for a few of ihkit's, live language and theme
// switches, and the demo sign-in. Nothing here is needed for the modal or floating modes:
// data-ih-open and <lumen-launcher> work from the markup alone.
import { showLanguage, wireDemoSignIn } from '/shared/demo-page.js';

const TEXT = {
  'zh-CN': { skip: '跳到主要内容', hospital: '海滨市妇幼保健院', by: '网上服务 · 明仁健康云', signinAs: '演示账号', signin: '登录', signout: '退出', language: '语言', theme: '外观', light: '浅色', dark: '深色', auto: '跟随系统',
    welcome: '在家也能看医生', intro: '预约挂号、查看预约和检查报告，都在下面的按钮里；右下角的按钮随时可以挂号。', book: '预约挂号', bookPeds: '儿科挂号', mine: '我的预约', reports: '检查报告',
    signinHint: '请先在右上角用演示账号登录。', booked: '已预约，挂号单号 {number}', bookedSeeMine: '已预约，详情见“我的预约”。', footer: '海滨市妇幼保健院（虚构示例） · 网上服务由明仁健康云提供，基于 ihkit', signinFailed: '登录失败：' },
  'zh-TW': { skip: '跳到主要內容', hospital: '海濱市婦幼保健院', by: '網路服務 · 明仁健康雲', signinAs: '示範帳號', signin: '登入', signout: '登出', language: '語言', theme: '外觀', light: '淺色', dark: '深色', auto: '跟隨系統',
    welcome: '在家也能看醫師', intro: '預約掛號、查看預約和檢查報告，都在下面的按鈕裡；右下角的按鈕隨時可以掛號。', book: '預約掛號', bookPeds: '兒科掛號', mine: '我的預約', reports: '檢查報告',
    signinHint: '請先在右上角用示範帳號登入。', booked: '已預約，掛號單號 {number}', bookedSeeMine: '已預約，詳情請見「我的預約」。', footer: '海濱市婦幼保健院（虛構範例） · 網路服務由明仁健康雲提供，基於 ihkit', signinFailed: '登入失敗：' },
  en: { skip: 'Skip to main content', hospital: 'Haibin Maternal and Child Hospital', by: 'Online services · Mingren Health Cloud', signinAs: 'Demo account', signin: 'Sign in', signout: 'Sign out', language: 'Language', theme: 'Appearance', light: 'Light', dark: 'Dark', auto: 'System',
    welcome: 'See a doctor from home', intro: 'Book, see your appointments and read your reports with the buttons below; the button in the corner books at any time.', book: 'Book an appointment', bookPeds: 'Book paediatrics', mine: 'My appointments', reports: 'My reports',
    signinHint: 'Sign in with a demo account (top right) first.', booked: 'Booked: registration no. {number}', bookedSeeMine: 'Booked: see My appointments.', footer: 'Haibin Maternal and Child Hospital (fictional) · online services by Mingren Health Cloud, built on ihkit', signinFailed: 'Sign-in failed: ' },
};

const provider = document.querySelector('lumen-provider');
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem('vendor.lang') ?? 'zh-CN';

// The vendor's wording for some of ihkit's strings, per language (any key can be overridden).
provider.strings = {
  'zh-CN': { 'booking.step.done': '挂号完成，请按时到院', 'embed.heading.booking': '明仁 · 预约挂号' },
  'zh-TW': { 'booking.step.done': '掛號完成，請準時到院', 'embed.heading.booking': '明仁 · 預約掛號' },
  en: { 'booking.step.done': 'All set — see you at the hospital', 'embed.heading.booking': 'Mingren · Book an appointment' },
};

function applyLanguage() {
  showLanguage({ provider, text: TEXT, lang });
  $('language').value = lang;
}
$('language').addEventListener('change', (e) => {
  lang = e.target.value;
  localStorage.setItem('vendor.lang', lang);
  applyLanguage();
});
applyLanguage();

// Light, dark or following the system: the elements change at once, open dialogs included.
$('theme').value = localStorage.getItem('vendor.theme') ?? 'light';
const applyTheme = () => provider.setAttribute('theme', $('theme').value);
$('theme').addEventListener('change', () => {
  localStorage.setItem('vendor.theme', $('theme').value);
  applyTheme();
});
applyTheme();

// Events carry ids only: the page asks the gateway (through the provider's client) for the
// hospital's registration number, which is what a patient reads out, never the id.
document.addEventListener('ih-booked', async (e) => {
  const { number } = await provider.client.getAppointment(e.detail.appointmentId).catch(() => ({}));
  $('last-booked').textContent = number ? TEXT[lang].booked.replace('{number}', number) : TEXT[lang].bookedSeeMine;
});

wireDemoSignIn({ provider, storageKey: 'vendor.session', hideWhenSignedIn: ['signin-hint'], failedText: () => TEXT[lang].signinFailed });
