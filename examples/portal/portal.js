// The portal's own script: a demo sign-in (a real portal passes its identity provider's token
// instead) and a language switch. Everything else is ihkit's tags.
import { createClient } from '/ihkit/ihkit.js';

const TEXT = {
  'zh-CN': {
    hospital: '城东人民医院', tagline: '三级甲等综合医院 · 示例门户', signinAs: '演示账号', signin: '登录', signout: '退出',
    navHome: '首页', navAbout: '医院概况', navDepts: '科室导航', navBooking: '预约挂号', navMine: '我的预约', navGuide: '就医指南',
    notice: '预约时段为就诊当日时间，请提前 15 分钟到院。就诊前 1 小时内不可取消。',
    signinHint: '请先在右上角用演示账号登录，再预约挂号。', bookingTitle: '预约挂号', mineTitle: '我的预约',
    footer: '城东人民医院（虚构示例） · 网上服务由 ihkit 提供', signinFailed: '登录失败：', langButton: 'EN',
  },
  en: {
    hospital: 'Chengdong People’s Hospital', tagline: 'Tertiary general hospital · example portal', signinAs: 'Demo account', signin: 'Sign in', signout: 'Sign out',
    navHome: 'Home', navAbout: 'About', navDepts: 'Departments', navBooking: 'Book', navMine: 'My appointments', navGuide: 'Visitor guide',
    notice: 'Times are on the day of the visit; please arrive 15 minutes early. Appointments cannot be cancelled within 1 hour of the start.',
    signinHint: 'Sign in with a demo account (top right) to book.', bookingTitle: 'Book an appointment', mineTitle: 'My appointments',
    footer: 'Chengdong People’s Hospital (fictional) · online services by ihkit', signinFailed: 'Sign-in failed: ', langButton: '中文',
  },
};

const provider = document.querySelector('ih-provider');
const api = createClient({ baseUrl: provider.getAttribute('api') });
const $ = (id) => document.getElementById(id);
let lang = localStorage.getItem('portal.lang') ?? 'zh-CN';

function applyLanguage() {
  const t = TEXT[lang];
  document.documentElement.lang = lang;
  provider.setAttribute('locale', lang);
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t[el.dataset.t];
  $('lang').textContent = t.langButton;
  $('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
}

function showSession(session) {
  $('signin').hidden = !!session;
  $('signed-in').hidden = !session;
  $('signin-hint').hidden = !!session;
  $('who').textContent = session?.user.displayName ?? '';
  provider.token = session?.token ?? '';
}

$('signin').addEventListener('submit', async (event) => {
  event.preventDefault();
  const username = new FormData(event.target).get('username');
  try {
    const session = await api.login({ username, password: 'demo' });
    sessionStorage.setItem('portal.session', JSON.stringify(session));
    showSession(session);
  } catch (e) {
    alert(TEXT[lang].signinFailed + (e.message ?? e));
  }
});
$('signout').addEventListener('click', () => {
  sessionStorage.removeItem('portal.session');
  showSession(undefined);
});
$('lang').addEventListener('click', () => {
  lang = lang === 'en' ? 'zh-CN' : 'en';
  localStorage.setItem('portal.lang', lang);
  applyLanguage();
});

applyLanguage();
const saved = JSON.parse(sessionStorage.getItem('portal.session') ?? 'null');
showSession(saved && Date.parse(saved.expiresAt) > Date.now() ? saved : undefined);
